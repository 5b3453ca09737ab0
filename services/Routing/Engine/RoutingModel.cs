namespace CallCentre.Routing.Engine;

public enum RoutingStrategy
{
    /// <summary>Since their last call; the default.</summary>
    LongestIdle,
    /// <summary>The best proficiency on the queue's skills, then longest idle.</summary>
    MostSkilled,
    RoundRobin,
    /// <summary>The fewest calls answered today, then longest idle.</summary>
    FewestCalls,
    /// <summary>The least talk time today, then longest idle.</summary>
    LeastTalkTime,
}

/// <summary>Proficiency 1..5 per skill; languages are skills.</summary>
public sealed record RoutingAgent(string Id, IReadOnlyDictionary<string, int> Skills)
{
    public bool Satisfies(IReadOnlyDictionary<string, int> required) => Eligibility.Meets(Skills, required);
}

/// <summary><see cref="PreferredAgentId"/> names an agent for a returning caller.</summary>
public sealed record IncomingCall(Guid CallId, string QueueId, string CallerHash, int? Priority)
{
    public string? PreferredAgentId { get; init; }
}

public sealed record CallView(Guid CallId, string TenantId, string QueueId, CallState State, string? AgentId,
    DateTimeOffset QueuedAt, int? Position, double? EstimatedWaitSeconds = null);

public sealed record AgentView(string AgentId, AgentState State, string? Reason, DateTimeOffset Since,
    Guid? CallId, string? QueueId, string? TenantId, DateTimeOffset? QueuedAt)
{
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? HeldSince { get; init; }
    public double HoldSeconds { get; init; }
}
