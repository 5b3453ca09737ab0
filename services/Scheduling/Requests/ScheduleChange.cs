using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Requests;

/// <summary>The published days a request rewrites: <see cref="Before"/> as published, <see cref="After"/> once approved.</summary>
public sealed record ScheduleChange(IReadOnlyList<AgentDay> Before, IReadOnlyList<AgentDay> After)
{
    /// <summary>The agent's days with every activity cut out of [from, to); a day left with nothing becomes a day off.</summary>
    public static ScheduleChange TimeOff(string agentId, DateTimeOffset from, DateTimeOffset to, IEnumerable<AgentDay> published)
    {
        var before = published.Where(d => d.AgentId == agentId && d.Activities.Any(a => a.Start < to && from < a.End)).ToList();
        var after = before.Select(d =>
        {
            var kept = new List<ScheduledActivity>();
            foreach (var a in d.Activities)
            {
                if (a.End <= from || a.Start >= to) { kept.Add(a); continue; }
                if (a.Start < from) kept.Add(a with { End = from });
                if (a.End > to) kept.Add(a with { Start = to });
            }
            return d with { DayOff = kept.Count == 0, Activities = kept };
        }).ToList();
        return new ScheduleChange(before, after);
    }

    /// <summary>The giver's day becomes a day off and the taker works its activities instead; null when the giver has no
    /// shift that day or the taker is not free (a day off or nothing published).</summary>
    public static ScheduleChange? Swap(string giverId, string takerId, DateOnly day, IEnumerable<AgentDay> published)
    {
        var days = published.ToList();
        var given = days.FirstOrDefault(d => d.AgentId == giverId && d.Date == day);
        if (given is null || given.DayOff || given.Activities.Count == 0) return null;
        var taker = days.FirstOrDefault(d => d.AgentId == takerId && d.Date == day);
        if (taker is { DayOff: false, Activities.Count: > 0 }) return null;
        var takerBefore = taker ?? new AgentDay(takerId, day, true, []);
        return new ScheduleChange([given, takerBefore],
            [given with { DayOff = true, Activities = [] }, new AgentDay(takerId, day, false, given.Activities)]);
    }

    public DateTimeOffset? Start => Span().Start;
    public DateTimeOffset? End => Span().End;

    private (DateTimeOffset? Start, DateTimeOffset? End) Span()
    {
        var changed = Before.SelectMany(d => d.Activities).Concat(After.SelectMany(d => d.Activities)).ToList();
        return changed.Count == 0 ? (null, null) : (changed.Min(a => a.Start), changed.Max(a => a.End));
    }

    public IReadOnlyList<AgentDay> Apply(IEnumerable<AgentDay> published)
    {
        var replaced = After.Select(d => (d.AgentId, d.Date)).ToHashSet();
        return [.. published.Where(d => !replaced.Contains((d.AgentId, d.Date))), .. After];
    }
}
