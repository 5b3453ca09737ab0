using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Rostering;

public sealed record ActivityOverlap(PlannedActivity Later, PlannedActivity Earlier);

public sealed record PublishedOverlap(DayPlan Plan, PlannedActivity Activity, DateOnly PublishedOn, ScheduledActivity Published);

/// <summary>A day's activities start on its date; an agent's days never run into each other.</summary>
public static class DayPlanRules
{
    public static readonly TimeSpan MaxDaySpan = TimeSpan.FromHours(24);

    public static IEnumerable<ActivityOverlap> OverlapsWithin(DayPlan day)
    {
        var activities = day.Activities;
        for (var j = 1; j < activities.Count; j++)
            if (activities[j].Activity.Start < activities[j - 1].Activity.End)
                yield return new ActivityOverlap(activities[j], activities[j - 1]);
    }

    public static bool StartsOnItsDate(DayPlan day, CentreCalendar calendar) =>
        day.Activities.Count == 0 || calendar.DateOf(day.Activities[0].Activity.Start) == day.Date;

    public static bool SpansAtMostADay(DayPlan day) =>
        day.Activities.Count == 0 || day.Activities.Max(a => a.Activity.End) - day.Activities[0].Activity.Start <= MaxDaySpan;

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

    /// <summary>Days the plans replace are not checked.</summary>
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
