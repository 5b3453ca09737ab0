namespace CallCentre.Contracts.Scheduling;

/// <summary>The out-of-adherence episode an <see cref="AdherenceExceptionRaised"/> announced (same <paramref name="AgentId"/>
/// and <paramref name="Since"/>) has ended: the agent is back in adherence, or no longer has a schedule to adhere to.</summary>
/// <param name="AgentId">The agent (centre-level, as in <c>AgentStateChanged</c>).</param>
/// <param name="TenantIds">The client companies whose queues the agent serves, from its latest state change.</param>
/// <param name="Date">The schedule day (centre's time zone) the episode started in.</param>
/// <param name="Since">When the episode started.</param>
/// <param name="Until">When it ended (the first instant back in adherence, or the check's time when that is not known).</param>
/// <param name="OutForSeconds">Until − Since, in seconds.</param>
/// <param name="At">When the check found it.</param>
public record AdherenceExceptionCleared(
    string AgentId,
    IReadOnlyList<string> TenantIds,
    DateOnly Date,
    DateTimeOffset Since,
    DateTimeOffset Until,
    int OutForSeconds,
    DateTimeOffset At);
