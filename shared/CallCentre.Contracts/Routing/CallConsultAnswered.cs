namespace CallCentre.Contracts.Routing;

/// <summary>The consulted agent answered: the two agents talk while the caller stays on hold.</summary>
public record CallConsultAnswered(Guid CallId, string TenantId, string QueueId, string AgentId, string ToAgentId, DateTimeOffset AnsweredAt);
