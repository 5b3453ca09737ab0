namespace CallCentre.Contracts.Routing;

/// <summary>The telephony edge could not move the caller after a blind transfer (the caller's side refused the SIP REFER, or
/// never followed it): the call left the colleague's offer or the queue it was transferred to and is connected again to
/// <see cref="AgentId"/>, the agent who transferred it, in <see cref="QueueId"/> (the queue transferred from). The
/// transferred leg stays ended; a new leg of that agent starts at <see cref="FailedAt"/> (a <see cref="CallAnswered"/>
/// follows). <see cref="Reason"/> is the edge's, e.g. the SIP status <c>603</c>.</summary>
public record CallTransferFailed(Guid CallId, string TenantId, string QueueId, string AgentId, string? Reason, DateTimeOffset QueuedAt,
    DateTimeOffset TransferredAt, DateTimeOffset FailedAt);
