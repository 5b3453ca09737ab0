using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Requests;

public sealed record BrokenRule(string Rule, string AgentId, string Message);

/// <summary>Approved automatically only when every list is empty.</summary>
public sealed record RequestAssessment(
    DateTimeOffset AssessedAt,
    int IntervalMinutes,
    IReadOnlyList<IntervalFigure> Intervals,
    IReadOnlyList<Shortfall> Shortfalls,
    IReadOnlyList<BrokenRule> BrokenRules,
    IReadOnlyList<string> Unknown)
{
    public bool Approvable => Shortfalls.Count == 0 && BrokenRules.Count == 0 && Unknown.Count == 0;

    /// <summary>"2 agents short 14:00–15:30; …" in the centre's time, or the rule broken, or why the requirement is unknown.</summary>
    public string Summary(CentreCalendar calendar)
    {
        var parts = Shortfalls.Select(s => $"{s.Agents} agent{(s.Agents > 1 ? "s" : "")} short {calendar.Local(s.From):yyyy-MM-dd HH:mm}–{calendar.Local(s.To):HH:mm}")
            .Concat(BrokenRules.Select(r => $"{r.Rule}: {r.Message}"))
            .Concat(Unknown).ToList();
        return parts.Count == 0 ? "The requirement stays met and every rule holds." : string.Join("; ", parts);
    }
}

public static class RequestAssessor
{
    /// <param name="need">Null when the requirement could not be computed; <paramref name="unknown"/> says why.</param>
    public static RequestAssessment Assess(ScheduleChange change, StaffingNeed? need, IReadOnlyList<string> unknown,
        IReadOnlyList<AgentDay> published, RosterRules rules, CentreCalendar calendar, DateTimeOffset now, int intervalMinutes)
    {
        var figures = need is null ? [] : StaffingCheck.Figures(need, change, published);
        var broken = RuleCheck.Broken(change, published, rules, calendar)
            .Select(v => new BrokenRule(Camel(v.Rule.ToString()), v.AgentId ?? "", v.Message)).ToList();
        return new RequestAssessment(now, intervalMinutes, figures, StaffingCheck.Shortfalls(figures, intervalMinutes), broken,
            need is null && unknown.Count == 0 ? ["The staffing requirement is unknown."] : unknown);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
