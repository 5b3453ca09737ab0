namespace CallCentre.Dashboard.Live;

/// <summary>What an agent's desktop shows: the agent's state (with the reason when not ready, and since when) and the call
/// offered to or handled by the agent most recently. <paramref name="ServerTime"/> lets the page run its timers on the
/// server's clock. <paramref name="Since"/> is <see cref="DateTimeOffset.MinValue"/> while this process has seen no state
/// change of the agent yet (the page then asks Routing's API once).</summary>
public sealed record AgentDesk(string AgentId, string AgentName, string State, string? Reason, DateTimeOffset Since, AgentDeskCall? Call,
    DateTimeOffset ServerTime);

/// <summary>A call as the agent sees it. <paramref name="Status"/>: <c>Ringing</c> (an offer to accept or reject),
/// <c>Connected</c>, <c>Completed</c>, <c>Transferred</c>, <c>Abandoned</c> (the caller hung up while it rang) or
/// <c>Withdrawn</c> (missed, rejected, or taken back by a supervisor). The platform never has the caller's number:
/// <paramref name="Caller"/> is a mask, and <paramref name="ReturningCaller"/> says whether the same (hashed) number has
/// called before, as far as this process has seen.</summary>
public sealed record AgentDeskCall(
    Guid CallId, string Status, string TenantId, string ClientName, string QueueId, string QueueName, string LineOfBusiness,
    string Language, string Caller, bool ReturningCaller, DateTimeOffset QueuedAt, DateTimeOffset OfferedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? Disposition);
