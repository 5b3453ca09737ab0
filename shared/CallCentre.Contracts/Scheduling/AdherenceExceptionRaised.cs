namespace CallCentre.Contracts.Scheduling;

/// <summary>An agent has been out of adherence with its published schedule for longer than the threshold (Scheduling's
/// <c>Scheduling:AdherenceThreshold</c>, 5 minutes by default). Published once per episode; an
/// <see cref="AdherenceExceptionCleared"/> with the same <paramref name="AgentId"/> and <paramref name="Since"/> ends it.
/// Agents belong to the centre: <paramref name="TenantIds"/> are the client companies whose queues the agent serves (from its
/// latest state change), for filtering, not an owner.</summary>
/// <param name="AgentId">The agent (centre-level, as in <c>AgentStateChanged</c>).</param>
/// <param name="TenantIds">The client companies whose queues the agent serves, from its latest state change.</param>
/// <param name="Date">The schedule day (centre's time zone) the episode falls in.</param>
/// <param name="ExpectedActivity">work, break, lunch, training, meeting or off (outside the shifts, or a day off).</param>
/// <param name="ExpectedState">What the schedule asks for: e.g. <c>Available|Reserved|OnCall|AfterCallWork</c>, <c>NotReady:break</c>, <c>LoggedOut</c>.</param>
/// <param name="ActualState">Routing's agent state now.</param>
/// <param name="ActualReason">Its reason code, if any.</param>
/// <param name="Since">When the agent went out of adherence.</param>
/// <param name="OutForSeconds">Seconds out of adherence at <paramref name="At"/>.</param>
/// <param name="At">When the check found it.</param>
public record AdherenceExceptionRaised(
    string AgentId,
    IReadOnlyList<string> TenantIds,
    DateOnly Date,
    string ExpectedActivity,
    string ExpectedState,
    string ActualState,
    string? ActualReason,
    DateTimeOffset Since,
    int OutForSeconds,
    DateTimeOffset At);
