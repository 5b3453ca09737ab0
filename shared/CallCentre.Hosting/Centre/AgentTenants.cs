using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

/// <summary>The routing engine's rule: every queue an agent may be offered, escalations included.</summary>
public static class AgentTenants
{
    public static IReadOnlySet<string> ServedBy(CentreDefinition centre, AgentDefinition agent)
    {
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queue in centre.Queues)
            if (!tenants.Contains(queue.TenantId) && Serves(centre, agent, queue))
                tenants.Add(queue.TenantId);
        return tenants;
    }

    private static bool Serves(CentreDefinition centre, AgentDefinition agent, QueueConfiguration queue)
    {
        if (Satisfies(agent, queue.RequiredSkills)) return true;
        foreach (var step in queue.Escalations ?? [])
        {
            if (step.RequiredSkills is { } relaxed && Satisfies(agent, relaxed)) return true;
            if (step.AlsoOfferToQueue is { } other && centre.FindQueue(other) is { } also && also.TenantId == queue.TenantId &&
                Satisfies(agent, also.RequiredSkills))
                return true;
        }
        return false;
    }

    private static bool Satisfies(AgentDefinition agent, IReadOnlyDictionary<string, int> required)
    {
        foreach (var (skill, level) in required)
            if (!agent.Skills.TryGetValue(skill, out var have) || have < level)
                return false;
        return true;
    }
}
