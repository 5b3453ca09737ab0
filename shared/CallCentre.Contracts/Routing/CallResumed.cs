namespace CallCentre.Contracts.Routing;

/// <summary>The agent took the call off hold; <see cref="HoldSeconds"/> is the leg's hold so far, this one included.</summary>
public record CallResumed(Guid CallId, string TenantId, string QueueId, string AgentId, double HoldSeconds, DateTimeOffset ResumedAt);
