namespace CallCentre.Scheduling.Requirements;

public sealed record SkillGroupHours(string SkillGroup, double PooledAgentHours, double PerQueueAgentHours);

public sealed record QueueHours(string QueueId, string SkillGroup, double Calls, double AgentHours);

/// <summary>What pooling by skill group costs against staffing each queue apart.</summary>
public sealed record RequirementTotals(double PooledAgentHours, double PerQueueAgentHours, IReadOnlyList<SkillGroupHours> Groups,
    IReadOnlyList<QueueHours> Queues)
{
    public static RequirementTotals Of(RequirementsPlan plan, IReadOnlyList<QueueDemand> demands, int intervalMinutes)
    {
        var hours = intervalMinutes / 60.0;
        var groups = plan.Intervals.SelectMany(i => i.Groups).GroupBy(g => g.SkillGroup)
            .Select(g => new SkillGroupHours(g.Key, g.Sum(x => x.Agents) * hours, g.Sum(x => x.PerQueueAgents) * hours)).ToList();
        var perQueue = plan.Intervals.SelectMany(i => i.Groups).SelectMany(g => g.Queues).GroupBy(q => q.QueueId)
            .ToDictionary(g => g.Key, g => (Calls: g.Sum(q => q.Calls), Hours: g.Sum(q => q.Agents) * hours));
        return new RequirementTotals(
            plan.Intervals.Sum(i => i.PooledAgents) * hours,
            plan.Intervals.Sum(i => i.PerQueueAgents) * hours,
            groups,
            [.. demands.Select(d => new QueueHours(d.QueueId, d.SkillGroup, perQueue.GetValueOrDefault(d.QueueId).Calls,
                perQueue.GetValueOrDefault(d.QueueId).Hours))]);
    }

    public static bool CanSchedule(RequirementsPlan plan, double shrinkage) =>
        plan.Intervals.Count == 0 || plan.Intervals.Max(i => i.PooledAgents) / (1 - shrinkage) <= int.MaxValue;
}
