namespace CallCentre.Contracts.Routing;

/// <summary>The agent put the connected call on hold; <see cref="HoldSeconds"/> is the leg's hold before this one.</summary>
public record CallHeld(Guid CallId, string TenantId, string QueueId, string AgentId, double HoldSeconds, DateTimeOffset HeldAt);
