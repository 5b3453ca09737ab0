namespace CallCentre.Contracts.Routing;

/// <summary>Agent <see cref="AgentId"/>, connected with the call (now on hold), consults <see cref="ToAgentId"/>: that agent's desk
/// rings with a consult offer. <see cref="ToQueueId"/> names the queue consulted (whose next eligible agent was chosen), null
/// when an agent was named. <see cref="QueueId"/> is the call's queue.</summary>
public record CallConsultStarted(Guid CallId, string TenantId, string QueueId, string AgentId, string ToAgentId, string? ToQueueId,
    DateTimeOffset StartedAt);
