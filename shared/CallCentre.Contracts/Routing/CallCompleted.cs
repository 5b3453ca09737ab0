namespace CallCentre.Contracts.Routing;

/// <summary>An answered call ended: talk and after-call work are in seconds.</summary>
public record CallCompleted(
    Guid CallId, string TenantId, string QueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset AnsweredAt, DateTimeOffset CompletedAt,
    double TalkSeconds, double WrapUpSeconds, string? Disposition);
