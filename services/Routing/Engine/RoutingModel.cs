namespace CallCentre.Routing.Engine;

/// <summary>How a queue picks among the available agents who may take its call.</summary>
public enum RoutingStrategy
{
    /// <summary>The agent who has waited longest since their last call (the default).</summary>
    LongestIdle,
    /// <summary>The best proficiency on the queue's skills, then longest idle.</summary>
    MostSkilled,
    /// <summary>The agent offered a call least recently.</summary>
    RoundRobin,
    /// <summary>The fewest calls answered today, then longest idle.</summary>
    FewestCalls,
    /// <summary>The least talk time today, then longest idle.</summary>
    LeastTalkTime,
}

/// <summary>An agent's skill profile (proficiency 1..5 per skill; languages are skills).</summary>
public sealed record RoutingAgent(string Id, IReadOnlyDictionary<string, int> Skills)
{
    /// <summary>Whether the agent's skills meet <paramref name="required"/>, by the one <see cref="Eligibility"/> rule.</summary>
    public bool Satisfies(IReadOnlyDictionary<string, int> required) => Eligibility.Meets(Skills, required);
}

/// <summary>A call arriving from telephony; <see cref="PreferredAgentId"/> names an agent for a returning caller.</summary>
public sealed record IncomingCall(Guid CallId, string QueueId, string CallerHash, int? Priority)
{
    public string? PreferredAgentId { get; init; }
}

/// <summary>What a live call looks like from outside. <see cref="EstimatedWaitSeconds"/> is for announcements.</summary>
public sealed record CallView(Guid CallId, string TenantId, string QueueId, CallState State, string? AgentId,
    DateTimeOffset QueuedAt, int? Position, double? EstimatedWaitSeconds = null);

/// <summary>What an agent looks like from outside: state, reason, since when, and the call offered or connected.</summary>
public sealed record AgentView(string AgentId, AgentState State, string? Reason, DateTimeOffset Since,
    Guid? CallId, string? QueueId, string? TenantId, DateTimeOffset? QueuedAt)
{
    /// <summary>When the connected call was answered (null unless connected).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>When the connected call's current hold began; null unless it is on hold.</summary>
    public DateTimeOffset? HeldSince { get; init; }
    /// <summary>The connected leg's ended holds, in seconds.</summary>
    public double HoldSeconds { get; init; }
}
