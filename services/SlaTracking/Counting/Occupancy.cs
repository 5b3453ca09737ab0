namespace CallCentre.SlaTracking.Counting;

public sealed record AgentStateSpan(string AgentId, string State, DateTimeOffset At);

/// <summary>Staffed = Available + Reserved + OnCall + AfterCallWork; busy = OnCall + AfterCallWork.</summary>
public sealed record OccupancyFigures(string Period, string UtcOffset, DateTimeOffset Start, DateTimeOffset End, int Agents,
    double StaffedSeconds, double BusySeconds, double? Occupancy);

/// <summary>A state lasts until the agent's next change, or until <c>now</c>.</summary>
public static class OccupancyCounter
{
    /// <summary>The states that count as staffed time (the agent report uses the same).</summary>
    public static readonly IReadOnlySet<string> StaffedStates = new HashSet<string> { "Available", "Reserved", "OnCall", "AfterCallWork" };
    public static readonly IReadOnlySet<string> BusyStates = new HashSet<string> { "OnCall", "AfterCallWork" };

    public static IReadOnlyList<OccupancyFigures> Count(IEnumerable<AgentStateSpan> changes, IReadOnlyList<ReportPeriod> periods, DateTimeOffset now)
    {
        var staffed = new double[periods.Count];
        var busy = new double[periods.Count];
        var agents = new HashSet<string>[periods.Count];
        for (var i = 0; i < periods.Count; i++)
            agents[i] = [];

        foreach (var agent in changes.GroupBy(c => c.AgentId))
        {
            // Same instant: keep a stable order so that the result does not depend on the order the changes came in.
            var ordered = agent.OrderBy(c => c.At).ThenBy(c => c.State, StringComparer.Ordinal).ToList();
            for (var k = 0; k < ordered.Count; k++)
            {
                var state = ordered[k].State;
                if (!StaffedStates.Contains(state))
                    continue;
                var from = ordered[k].At;
                var to = k + 1 < ordered.Count ? ordered[k + 1].At : now;
                for (var i = 0; i < periods.Count; i++)
                {
                    var start = from > periods[i].Start ? from : periods[i].Start;
                    var end = to < periods[i].End ? to : periods[i].End;
                    if (end <= start)
                        continue;
                    var seconds = (end - start).TotalSeconds;
                    staffed[i] += seconds;
                    if (BusyStates.Contains(state))
                        busy[i] += seconds;
                    agents[i].Add(agent.Key);
                }
            }
        }
        return periods.Select((p, i) => new OccupancyFigures(p.LocalStart, p.UtcOffset, p.Start, p.End, agents[i].Count,
            Math.Round(staffed[i], 3), Math.Round(busy[i], 3), staffed[i] == 0 ? null : busy[i] / staffed[i])).ToList();
    }
}
