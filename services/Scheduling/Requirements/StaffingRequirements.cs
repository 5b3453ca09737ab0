using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Requirements;

/// <summary>A queue's forecast and contract.</summary>
/// <param name="QueueId">The queue.</param>
/// <param name="SkillGroup">Queues with the same skill group are answered by the same agents and pooled.</param>
/// <param name="AhtSeconds">Average handle time, &gt; 0.</param>
/// <param name="Target">The contract's service level, threshold and occupancy cap.</param>
/// <param name="PatienceSeconds">Mean caller patience: Erlang A when given, Erlang C when null.</param>
/// <param name="Calls">Forecast calls per interval start (local wall-clock); an interval absent is 0 calls.</param>
public sealed record QueueDemand(
    string QueueId,
    string SkillGroup,
    double AhtSeconds,
    ServiceLevelTarget Target,
    double? PatienceSeconds,
    IReadOnlyDictionary<DateTime, double> Calls);

/// <summary>Agents one queue would need on its own.</summary>
public sealed record QueueRequirement(string QueueId, double Calls, int Agents);

/// <summary>One skill group in one interval: the agents it needs pooled, and what its queues would need apart.</summary>
/// <param name="Agents">Agents on the phones for the whole group (pooled traffic, every queue's target met).</param>
/// <param name="PerQueueAgents">Σ of the queues' own requirements: what staffing each queue apart would cost.</param>
public sealed record GroupRequirement(string SkillGroup, double Erlangs, int Agents, int PerQueueAgents, IReadOnlyList<QueueRequirement> Queues);

/// <summary>Every group's requirement in one interval.</summary>
public sealed record IntervalRequirement(DateTime Start, int PooledAgents, int PerQueueAgents, IReadOnlyList<GroupRequirement> Groups);

/// <summary>A requirement beyond <see cref="ErlangC.MaxAgents"/> agents: the queue (or group) and interval.</summary>
public sealed record UnreachableTarget(string QueueId, DateTime Start);

/// <summary>Requirements per interval, or the targets no team of <see cref="ErlangC.MaxAgents"/> agents meets.</summary>
public sealed record RequirementsPlan(IReadOnlyList<IntervalRequirement> Intervals, IReadOnlyList<UnreachableTarget> Unreachable);

/// <summary>
/// Agents required per interval from per-queue forecasts. Queues that share a skill group share their
/// agents: their traffic is summed (A = Σ calls·AHT / interval, the pooled AHT the call-weighted mean) and the
/// group needs the fewest agents that meet every member's target under the pooled queue. One whole-agent
/// rounding per group instead of one per queue, plus the economy of scale of the larger team.
/// </summary>
/// <remarks>
/// A group is modelled by Erlang A when every member gives a patience (the call-weighted mean patience),
/// by Erlang C otherwise (ignoring abandonment over-staffs a little, never under-staffs). Callers of every
/// member wait in the same first-come first-served line, so each member's service level is the group's
/// at that member's threshold: the group's requirement is the largest of the per-target searches.
/// </remarks>
public static class StaffingRequirements
{
    public static RequirementsPlan Compute(IReadOnlyList<QueueDemand> queues, int intervalMinutes)
    {
        var intervalSeconds = intervalMinutes * 60.0;
        var starts = queues.SelectMany(q => q.Calls.Keys).Distinct().Order().ToList();
        var groups = queues.GroupBy(q => q.SkillGroup, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var intervals = new List<IntervalRequirement>(starts.Count);
        var unreachable = new List<UnreachableTarget>();

        foreach (var start in starts)
        {
            var groupRequirements = new List<GroupRequirement>(groups.Count);
            foreach (var group in groups)
            {
                var members = new List<QueueRequirement>();
                double calls = 0, workSeconds = 0, patienceWork = 0;
                var allPatient = true;
                foreach (var queue in group)
                {
                    var queueCalls = queue.Calls.GetValueOrDefault(start);
                    var own = Needed(queueCalls, queueCalls * queue.AhtSeconds / intervalSeconds, queue.AhtSeconds, queue.PatienceSeconds, [queue.Target]);
                    if (own is null) unreachable.Add(new UnreachableTarget(queue.QueueId, start));
                    members.Add(new QueueRequirement(queue.QueueId, queueCalls, own ?? 0));
                    calls += queueCalls;
                    workSeconds += queueCalls * queue.AhtSeconds;
                    if (queue.PatienceSeconds is { } patience) patienceWork += queueCalls * patience;
                    else allPatient = false;
                }
                var erlangs = workSeconds / intervalSeconds;
                int? pooled;
                if (members.Count == 1) pooled = members[0].Agents;
                else
                {
                    var aht = calls > 0 ? workSeconds / calls : group.Average(q => q.AhtSeconds);
                    var meanPatience = allPatient ? (calls > 0 ? patienceWork / calls : group.Average(q => q.PatienceSeconds!.Value)) : (double?)null;
                    pooled = Needed(calls, erlangs, aht, meanPatience, [.. group.Select(q => q.Target).Distinct()]);
                    if (pooled is null) unreachable.Add(new UnreachableTarget(group.Key, start));
                }
                groupRequirements.Add(new GroupRequirement(group.Key, erlangs, pooled ?? 0, members.Sum(m => m.Agents), members));
            }
            intervals.Add(new IntervalRequirement(start, groupRequirements.Sum(g => g.Agents), groupRequirements.Sum(g => g.PerQueueAgents), groupRequirements));
        }
        return new RequirementsPlan(intervals, unreachable);
    }

    /// <summary>The fewest agents meeting every target, or null beyond <see cref="ErlangC.MaxAgents"/>.</summary>
    private static int? Needed(double calls, double erlangs, double aht, double? patience, ServiceLevelTarget[] targets)
    {
        if (calls <= 0 || erlangs <= 0) return 0;
        var most = 0;
        foreach (var target in targets)
        {
            var agents = patience is { } p
                ? erlangs > 4.0 * ErlangC.MaxAgents ? null : ErlangA.AgentsNeeded(erlangs, aht, p, target)?.Agents
                : erlangs >= ErlangC.MaxAgents ? null : ErlangC.AgentsNeeded(erlangs, aht, target)?.Agents;
            if (agents is null) return null;
            most = Math.Max(most, agents.Value);
        }
        return most;
    }
}
