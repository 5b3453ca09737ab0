using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Requests;

/// <summary>Agents required per skill group and interval, and who may take each group's calls.</summary>
/// <param name="Required">By interval start (UTC), then by skill group.</param>
public sealed record StaffingNeed(int IntervalMinutes, IReadOnlyDictionary<DateTimeOffset, IReadOnlyDictionary<string, int>> Required,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Members);

public sealed record IntervalFigure(DateTimeOffset Start, int Required, int ScheduledBefore, int ScheduledAfter, int CoveredBefore, int CoveredAfter)
{
    public int Short => Required - CoveredAfter;
}

public sealed record Shortfall(DateTimeOffset From, DateTimeOffset To, int Agents);

public static class StaffingCheck
{
    /// <summary>An agent counts toward one group at a time.</summary>
    public static IReadOnlyList<IntervalFigure> Figures(StaffingNeed need, ScheduleChange change, IReadOnlyList<AgentDay> published)
    {
        if (change.Start is not { } start || change.End is not { } end) return [];
        var width = TimeSpan.FromMinutes(need.IntervalMinutes);
        var after = change.Apply(published);
        var figures = new List<IntervalFigure>();
        var changed = change.After.Select(d => d.AgentId).ToHashSet(StringComparer.Ordinal);
        for (var at = Floor(start, width); at < end; at += width)
        {
            var before = OnPhones(published, at, width);
            var then = OnPhones(after, at, width);
            if (before.Where(changed.Contains).SequenceEqual(then.Where(changed.Contains))) continue;
            var required = need.Required.GetValueOrDefault(at) ?? new Dictionary<string, int>();
            figures.Add(new IntervalFigure(at, required.Values.Sum(), before.Count, then.Count, Covered(need, required, before), Covered(need, required, then)));
        }
        return figures;
    }

    public static IReadOnlyList<Shortfall> Shortfalls(IReadOnlyList<IntervalFigure> figures, int intervalMinutes)
    {
        var runs = new List<Shortfall>();
        var width = TimeSpan.FromMinutes(intervalMinutes);
        foreach (var f in figures.Where(f => f.Short > 0).OrderBy(f => f.Start))
        {
            if (runs.Count > 0 && runs[^1].To == f.Start && runs[^1].Agents == f.Short)
                runs[^1] = runs[^1] with { To = f.Start + width };
            else
                runs.Add(new Shortfall(f.Start, f.Start + width, f.Short));
        }
        return runs;
    }

    public static IReadOnlyList<string> OnPhones(IEnumerable<AgentDay> days, DateTimeOffset start, TimeSpan width)
    {
        var end = start + width;
        return days.Where(d => !d.DayOff)
            .GroupBy(d => d.AgentId, StringComparer.Ordinal)
            .Where(g => g.SelectMany(d => d.Activities).Where(a => a.Kind == ActivityKind.Work && a.Start < end && start < a.End)
                .Sum(a => ((a.End < end ? a.End : end) - (a.Start > start ? a.Start : start)).Ticks) >= width.Ticks)
            .Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan width) => new(at.UtcTicks - at.UtcTicks % width.Ticks, TimeSpan.Zero);

    /// <summary>A maximum b-matching of agents to groups (capacity: the group's requirement), by augmenting paths.</summary>
    private static int Covered(StaffingNeed need, IReadOnlyDictionary<string, int> required, IReadOnlyList<string> agents)
    {
        var groups = required.Where(r => r.Value > 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        var holders = groups.ToDictionary(g => g, _ => new List<string>(), StringComparer.Ordinal);
        var covered = 0;
        foreach (var agent in agents)
            if (Augment(agent, new HashSet<string>(StringComparer.Ordinal)))
                covered++;
        return covered;

        bool Augment(string agent, HashSet<string> visited)
        {
            foreach (var g in groups)
            {
                if (!need.Members.TryGetValue(g, out var members) || !members.Contains(agent) || !visited.Add(g)) continue;
                if (holders[g].Count < required[g]) { holders[g].Add(agent); return true; }
                foreach (var other in holders[g].ToList())
                    if (Augment(other, visited))
                    {
                        holders[g].Remove(other);
                        holders[g].Add(agent);
                        return true;
                    }
            }
            return false;
        }
    }
}
