namespace CallCentre.Contracts.Routing;

/// <summary>An agent sent a connected call to another queue; the call waits there with its original arrival time.</summary>
public record CallTransferred(Guid CallId, string TenantId, string FromQueueId, string ToQueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset TransferredAt);
