using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Requests;

/// <summary>docs/requests.md, How the check decides (step 5).</summary>
public static class RuleCheck
{
    /// <summary>The violations the change brings: those on the changed schedule that the published one did not have.</summary>
    public static IReadOnlyList<RosterViolation> Broken(ScheduleChange change, IReadOnlyList<AgentDay> published, RosterRules rules,
        CentreCalendar calendar)
    {
        var after = change.Apply(published);
        var broken = new List<RosterViolation>();
        foreach (var (agentId, monday) in change.After.Select(d => (d.AgentId, Monday(d.Date))).Distinct())
        {
            var known = Validate(agentId, monday, published, rules, calendar).Select(v => v.Message).ToHashSet(StringComparer.Ordinal);
            broken.AddRange(Validate(agentId, monday, after, rules, calendar).Where(v => !known.Contains(v.Message)));
        }
        return broken;
    }

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static IReadOnlyList<RosterViolation> Validate(string agentId, DateOnly monday, IEnumerable<AgentDay> days, RosterRules rules,
        CentreCalendar calendar)
    {
        var mine = days.Where(d => d.AgentId == agentId && !d.DayOff && d.Activities.Count > 0 && d.Date >= monday.AddDays(-1) && d.Date <= monday.AddDays(7))
            .OrderBy(d => d.Date).ToList();
        DateTime Local(DateTimeOffset instant) => calendar.Local(instant).DateTime;
        var templates = new List<ShiftTemplate>();
        var shifts = new List<ScheduledShift>();
        DateTime? lastShiftEnd = null;
        foreach (var day in mine)
        {
            var start = Local(day.Activities.Min(a => a.Start));
            var end = Local(day.Activities.Max(a => a.End));
            if (day.Date < monday) { lastShiftEnd = end; continue; }
            var lunch = day.Activities.FirstOrDefault(a => a.Kind == ActivityKind.Lunch);
            var lunchRange = lunch is null ? null : new TimeRange(Local(lunch.Start), Local(lunch.End));
            var after = lunch is null ? 0 : (int)(lunchRange!.From - start).TotalMinutes;
            var name = $"{agentId} {day.Date:yyyy-MM-dd}";
            templates.Add(new ShiftTemplate(name, (int)Math.Round((end - start).TotalMinutes), TimeOnly.MinValue, new TimeOnly(23, 59), 1,
                Lunch: lunch is null ? null : new BreakRule((int)Math.Round(lunch.Length.TotalMinutes), after, after)));
            shifts.Add(new ScheduledShift(agentId, name, start, end, null, lunchRange));
        }
        if (templates.Count == 0) return [];
        var problem = new RosterProblem(monday, 1, 1, templates, [new RosterAgent(agentId, ["any"], LastShiftEnd: lastShiftEnd)], [], rules);
        return RosterValidator.Validate(problem, shifts);
    }
}
