namespace CallCentre.Routing.Engine;

public sealed record RestoredCall(Guid CallId, string QueueId, string CallerHash, int Priority, DateTimeOffset QueuedAt,
    CallState State, string? AgentId, DateTimeOffset? AnsweredAt)
{
    public double HoldSeconds { get; init; }
    public DateTimeOffset? HeldSince { get; init; }
    public ContactKind Kind { get; init; }
    public CallbackStage Callback { get; init; }
    public int CallbackAttempts { get; init; }
    public DateTimeOffset? CallbackRetryAt { get; init; }
    public DateTimeOffset? CallbackWindowEnd { get; init; }
    public RestoredConsult? Consult { get; init; }
    public RestoredTransfer? Transfer { get; init; }
}

public sealed record RestoredTransfer(string AgentId, string FromQueueId, DateTimeOffset At);

public sealed record RestoredConsult(string AgentId, string? QueueId, bool Talking, DateTimeOffset StartedAt);

public sealed record RestoredAgent(string AgentId, AgentState State, string? Reason, DateTimeOffset Since)
{
    public WrapUpLeg? WrapUp { get; init; }
    public DateTimeOffset? WrapUpEndsAt { get; init; }
}

/// <summary><paramref name="StartedAt"/> is the leg's end.</summary>
public sealed record WrapUpLeg(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset StartedAt)
{
    /// <summary>Null when the store did not keep the leg's facts: no leg can be reported then.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    public double TalkSeconds { get; init; }
    public double HoldSeconds { get; init; }
    /// <summary>A <see cref="CallCentre.Contracts.Routing.CallLegEnd"/> value.</summary>
    public string? EndedBy { get; init; }
    public string? Disposition { get; init; }
}
