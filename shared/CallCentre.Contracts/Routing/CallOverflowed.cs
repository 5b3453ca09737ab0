namespace CallCentre.Contracts.Routing;

/// <summary>A call moved from one queue to another by an overflow rule (<c>max-wait</c>, <c>full</c>, <c>closed</c>, <c>escalation</c>),
/// keeping its original arrival time <paramref name="QueuedAt"/> and so its place in line.</summary>
public record CallOverflowed(Guid CallId, string TenantId, string FromQueueId, string ToQueueId, string Reason,
    DateTimeOffset QueuedAt, DateTimeOffset OverflowedAt);
