using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Rostering;

/// <summary><paramref name="Later"/> starts before <paramref name="Earlier"/> ends.</summary>
public sealed record ActivityOverlap(PlannedActivity Later, PlannedActivity Earlier);

/// <summary>A planned activity of <paramref name="Plan"/> overlaps <paramref name="Published"/>, published on <paramref name="PublishedOn"/>.</summary>
public sealed record PublishedOverlap(DayPlan Plan, PlannedActivity Activity, DateOnly PublishedOn, ScheduledActivity Published);

/// <summary>What published days must satisfy: a day's activities do not overlap, start on the day (in the centre's zone) and span
/// at most <see cref="MaxDaySpan"/>; an agent's days do not run into each other, whether published before or in the same request.</summary>
public static class DayPlanRules
{
    public static readonly TimeSpan MaxDaySpan = TimeSpan.FromHours(24);

    /// <summary>Each activity of a day (in time order) that starts before the one before it ends.</summary>
    public static IEnumerable<ActivityOverlap> OverlapsWithin(DayPlan day)
    {
        var activities = day.Activities;
        for (var j = 1; j < activities.Count; j++)
            if (activities[j].Activity.Start < activities[j - 1].Activity.End)
                yield return new ActivityOverlap(activities[j], activities[j - 1]);
    }

    /// <summary>Whether a day's first activity (in time order) starts on its date; a day without activities does.</summary>
    public static bool StartsOnItsDate(DayPlan day, CentreCalendar calendar) =>
        day.Activities.Count == 0 || calendar.DateOf(day.Activities[0].Activity.Start) == day.Date;

    /// <summary>Whether a day's activities (in time order) span at most <see cref="MaxDaySpan"/>.</summary>
    public static bool SpansAtMostADay(DayPlan day) =>
        day.Activities.Count == 0 || day.Activities.Max(a => a.Activity.End) - day.Activities[0].Activity.Start <= MaxDaySpan;

    /// <summary>Each activity that starts before the end of an activity of the agent's previous day in <paramref name="plans"/>: a night
    /// shift must not run into the next day's.</summary>
    public static IEnumerable<ActivityOverlap> OverlapsAcrossDays(IEnumerable<DayPlan> plans)
    {
        foreach (var agent in plans.GroupBy(p => p.AgentId, StringComparer.Ordinal))
        {
            var all = agent.SelectMany(p => p.Activities.Select(a => (p.Date, Planned: a))).OrderBy(x => x.Planned.Activity.Start).ToList();
            for (var i = 1; i < all.Count; i++)
                if (all[i].Date != all[i - 1].Date && all[i].Planned.Activity.Start < all[i - 1].Planned.Activity.End)
                    yield return new ActivityOverlap(all[i].Planned, all[i - 1].Planned);
        }
    }

    /// <summary>Each planned activity that overlaps an activity <paramref name="published"/> for the same agent on a day the plans do not
    /// replace.</summary>
    public static IEnumerable<PublishedOverlap> OverlapsWithPublished(IReadOnlyCollection<DayPlan> plans, IEnumerable<AgentDay> published)
    {
        var agents = plans.Select(p => p.AgentId).ToHashSet(StringComparer.Ordinal);
        var replaced = plans.Select(p => (p.AgentId, p.Date)).ToHashSet();
        var neighbours = published.Where(d => agents.Contains(d.AgentId) && !replaced.Contains((d.AgentId, d.Date)))
            .SelectMany(d => d.Activities.Select(a => (d.AgentId, d.Date, Activity: a))).ToLookup(x => x.AgentId, StringComparer.Ordinal);
        foreach (var plan in plans)
            foreach (var planned in plan.Activities)
                foreach (var n in neighbours[plan.AgentId])
                    if (n.Activity.Start < planned.Activity.End && planned.Activity.Start < n.Activity.End)
                        yield return new PublishedOverlap(plan, planned, n.Date, n.Activity);
    }
}
