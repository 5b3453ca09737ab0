namespace CallCentre.Contracts.Routing;

/// <summary>A waiting call was offered to (reserved for) an agent; the agent's phone rings.</summary>
public record CallOffered(Guid CallId, string TenantId, string QueueId, string AgentId, DateTimeOffset QueuedAt, DateTimeOffset OfferedAt);
