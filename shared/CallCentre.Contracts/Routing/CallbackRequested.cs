namespace CallCentre.Contracts.Routing;

/// <summary>A waiting caller chose to be called back: the call left the phone line and waits as a callback, in the same place in line.</summary>
public record CallbackRequested(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset RequestedAt);
