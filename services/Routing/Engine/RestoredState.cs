namespace CallCentre.Routing.Engine;

/// <summary>A live call as Routing's store kept it.</summary>
public sealed record RestoredCall(Guid CallId, string QueueId, string CallerHash, int Priority, DateTimeOffset QueuedAt,
    CallState State, string? AgentId, DateTimeOffset? AnsweredAt)
{
    /// <summary>The connected leg's ended holds, in seconds.</summary>
    public double HoldSeconds { get; init; }
    /// <summary>When the connected call's current hold began, if it is on hold.</summary>
    public DateTimeOffset? HeldSince { get; init; }
}

/// <summary>An agent's state as Routing's store kept it.</summary>
public sealed record RestoredAgent(string AgentId, AgentState State, string? Reason, DateTimeOffset Since)
{
    /// <summary>In after-call work: the leg it follows and its deadline, when the store kept them (null for a state stored
    /// before they were kept).</summary>
    public WrapUpLeg? WrapUp { get; init; }
    public DateTimeOffset? WrapUpEndsAt { get; init; }
}

/// <summary>The call leg an agent's after-call work follows (<paramref name="StartedAt"/> is the leg's end): reported in
/// <see cref="RoutingEvents.CallWrapUpEnded"/>, then with the leg's facts in <see cref="RoutingEvents.CallLegEnded"/>.</summary>
public sealed record WrapUpLeg(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset StartedAt)
{
    /// <summary>When the leg was answered; null for a leg restored from a store that did not keep its facts (then no
    /// <see cref="RoutingEvents.CallLegEnded"/> can be reported).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    public double TalkSeconds { get; init; }
    public double HoldSeconds { get; init; }
    /// <summary>A <see cref="CallCentre.Contracts.Routing.CallLegEnd"/> value.</summary>
    public string? EndedBy { get; init; }
    public string? Disposition { get; init; }
}
