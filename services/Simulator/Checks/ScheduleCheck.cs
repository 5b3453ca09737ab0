using CallCentre.Contracts.Scheduling;
using CallCentre.Simulator.Scenarios;
using CallCentre.Simulator.Virtual;

namespace CallCentre.Simulator.Checks;

/// <summary>docs/simulator.md, "Checking a schedule".</summary>
public static class ScheduleCheck
{
    public const int MaxIntervals = 14 * 96;
    public const int MaxAgents = 2000;
    public const int MaxSeeds = 50;

    public static IReadOnlyList<string> Problems(ScheduleSimulationRequested request)
    {
        var problems = new List<string>();
        if (request.IntervalMinutes is < 1 or > 1440) problems.Add("intervalMinutes must be between 1 and 1440.");
        if (request.Intervals is < 1 or > MaxIntervals) problems.Add($"intervals must be between 1 and {MaxIntervals}.");
        if (request.Seeds.Count is < 1 or > MaxSeeds) problems.Add($"seeds: 1 to {MaxSeeds}.");
        if (request.Agents.Count > MaxAgents) problems.Add($"agents: at most {MaxAgents}.");
        if (request.Queues.Count == 0) problems.Add("queues: at least one.");
        foreach (var q in request.Queues)
        {
            if (q.ForecastCalls.Count != request.Intervals || q.ForecastCalls.Any(c => !double.IsFinite(c) || c < 0))
                problems.Add($"queues[{q.QueueId}].forecastCalls: one finite count ≥ 0 per interval.");
            if (!double.IsFinite(q.AhtSeconds) || q.AhtSeconds <= 0) problems.Add($"queues[{q.QueueId}].ahtSeconds must be above 0.");
            if (!double.IsFinite(q.ServiceLevelTarget) || q.ServiceLevelTarget is < 0 or > 1) problems.Add($"queues[{q.QueueId}].serviceLevelTarget must be between 0 and 1.");
            if (q.PatienceSeconds is { } p && (!double.IsFinite(p) || p <= 0)) problems.Add($"queues[{q.QueueId}].patienceSeconds must be above 0.");
        }
        if (request.Agents.Any(a => a.OnPhones.Count != request.Intervals)) problems.Add("agents[].onPhones: one entry per interval.");
        return problems;
    }

    public static ScheduleSimulated Run(ScheduleSimulationRequested request, TimeProvider time)
    {
        var problems = Problems(request);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(request));
        var runs = request.Seeds.Select(seed => new VirtualCentre(Scenario(request, seed), request.IntervalMinutes * 60.0).Run()).ToList();
        var queues = request.Queues.Select((q, i) => new SimulatedQueueResult(q.QueueId,
            [.. Enumerable.Range(0, request.Intervals).Select(t => Interval(runs.Select(r => r.Queues[i].Intervals![t]).ToList(), q.ServiceLevelTarget))],
            Interval([.. runs.Select(r => r.Queues[i].Intervals!.Aggregate(new IntervalTally(0, 0, 0), (sum, t) =>
                new IntervalTally(sum.Offered + t.Offered, sum.AnsweredWithinThreshold + t.AnsweredWithinThreshold, sum.Abandoned + t.Abandoned)))],
                q.ServiceLevelTarget)))
            .ToList();
        return new ScheduleSimulated(request.CheckId, request.TenantId, runs.Count, queues, time.GetUtcNow());
    }

    private static SimulatedInterval Interval(IReadOnlyList<IntervalTally> runs, double target)
    {
        var offeredMean = runs.Average(r => (double)r.Offered);
        var withCalls = runs.Where(r => r.Offered > 0).ToList();
        if (withCalls.Count == 0) return new SimulatedInterval(offeredMean, null, null, null, null, null);
        var (sl, slSpread) = MeanAndSpread(withCalls.Select(r => (double)r.AnsweredWithinThreshold / r.Offered));
        var (abandoned, abandonedSpread) = MeanAndSpread(withCalls.Select(r => (double)r.Abandoned / r.Offered));
        var missed = withCalls.Count(r => (double)r.AnsweredWithinThreshold / r.Offered < target) / (double)withCalls.Count;
        return new SimulatedInterval(offeredMean, sl, slSpread, abandoned, abandonedSpread, missed);
    }

    private static (double Mean, double Spread) MeanAndSpread(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return (mean, list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)));
    }

    /// <summary>Agents with the same skills are one group, so that a slice puts on duty as many of them as are on the phones.</summary>
    internal static ValidScenario Scenario(ScheduleSimulationRequested request, int seed)
    {
        var width = request.IntervalMinutes * 60.0;
        var queues = request.Queues.Select(q =>
        {
            var peak = q.ForecastCalls.Max();
            return new ValidQueue(q.QueueId, request.TenantId, q.RequiredSkills, Math.Clamp(q.Priority, 1, 10), peak * 3600 / width,
                peak > 0 ? [.. q.ForecastCalls.Select(c => c / peak)] : null, Distribution.Exponential(q.AhtSeconds),
                q.PatienceSeconds is { } p ? Distribution.Exponential(p) : null, q.ThresholdSeconds, 15, 0);
        }).ToList();
        var groups = request.Agents.GroupBy(a => string.Join(',', a.Skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}")))
            .Select(g => g.ToList()).ToList();
        var agents = groups.Select((g, i) => new ValidAgentGroup($"s{i + 1}", g.Count, g[0].Skills, 0, 0, 0, 0, 0, 60, [])).ToList();
        var staffing = Enumerable.Range(0, request.Intervals)
            .Select(t => new ValidStaffingSlice(t * width, [.. groups.Select(g => g.Count(a => a.OnPhones[t]))])).ToList();
        return new ValidScenario(seed, request.Intervals * width, 0, queues, agents, [], staffing, null);
    }
}
