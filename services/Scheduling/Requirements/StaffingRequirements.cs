using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Requirements;

/// <param name="PatienceSeconds">Erlang A when given, Erlang C when null.</param>
public sealed record QueueDemand(
    string QueueId,
    string SkillGroup,
    double AhtSeconds,
    ServiceLevelTarget Target,
    double? PatienceSeconds,
    IReadOnlyDictionary<DateTime, double> Calls);

public sealed record QueueRequirement(string QueueId, double Calls, int Agents);

public sealed record GroupRequirement(string SkillGroup, double Erlangs, int Agents, int PerQueueAgents, IReadOnlyList<QueueRequirement> Queues);

public sealed record IntervalRequirement(DateTime Start, int PooledAgents, int PerQueueAgents, IReadOnlyList<GroupRequirement> Groups);

public sealed record UnreachableTarget(string QueueId, DateTime Start);

public sealed record RequirementsPlan(IReadOnlyList<IntervalRequirement> Intervals, IReadOnlyList<UnreachableTarget> Unreachable);

/// <summary>A skill group's traffic is pooled (docs/forecasting.md, Requirements).</summary>
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
