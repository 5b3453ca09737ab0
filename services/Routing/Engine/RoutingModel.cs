using CallCentre.Contracts.Routing;

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
    /// <summary>How many contacts of each kind (<see cref="ContactKinds"/> names) the agent holds at once; null: one voice call
    /// and nothing else. A kind not named: none.</summary>
    public IReadOnlyDictionary<string, int>? Capacity { get; init; }
    /// <summary>Chat, e-mail or messaging while on the phone, and the phone while holding any of them.</summary>
    public bool MixVoiceAndDigital { get; init; }

    public bool Satisfies(IReadOnlyDictionary<string, int> required) => Eligibility.Meets(Skills, required);
}

/// <summary><see cref="PreferredAgentId"/> names an agent for a returning caller.</summary>
public sealed record IncomingCall(Guid CallId, string QueueId, string CallerHash, int? Priority)
{
    public string? PreferredAgentId { get; init; }
    /// <summary>Only a voice call waits for a preferred agent.</summary>
    public ContactKind Kind { get; init; }
}

public sealed record CallView(Guid CallId, string TenantId, string QueueId, CallState State, string? AgentId,
    DateTimeOffset QueuedAt, int? Position, double? EstimatedWaitSeconds = null)
{
    public ContactKind Kind { get; init; }
}

public sealed record AgentView(string AgentId, AgentState State, string? Reason, DateTimeOffset Since,
    Guid? CallId, string? QueueId, string? TenantId, DateTimeOffset? QueuedAt)
{
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? HeldSince { get; init; }
    public double HoldSeconds { get; init; }
    /// <summary>Contacts other than the voice call: offered or connected.</summary>
    public IReadOnlyList<ContactView> Contacts { get; init; } = [];
    public ConsultView? Consult { get; init; }
    public string? LastConsultOutcome { get; init; }
    public Guid? TransferFailedCallId { get; init; }
}

/// <summary><paramref name="Consulting"/>: about the agent's own call; else consulted by <paramref name="OtherAgentId"/>.</summary>
public sealed record ConsultView(Guid CallId, bool Consulting, string OtherAgentId, string TenantId, string QueueId, string? ToQueueId,
    bool Talking, DateTimeOffset StartedAt, DateTimeOffset QueuedAt);

public sealed record ContactView(Guid ContactId, ContactKind Kind, string QueueId, string TenantId, CallState State,
    DateTimeOffset QueuedAt, DateTimeOffset? AnsweredAt)
{
    public CallbackStage CallbackStage { get; init; }
    /// <summary>Of a callback: the dial being made (or the one that reached the customer).</summary>
    public int? CallbackAttempt { get; init; }
}
