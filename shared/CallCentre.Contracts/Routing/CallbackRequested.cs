namespace CallCentre.Contracts.Routing;

/// <summary>A waiting caller chose to be called back (the call left the phone line and waits as a callback, in the same place in
/// line), or a customer booked a callback for a window.</summary>
public record CallbackRequested(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset RequestedAt)
{
    /// <summary>A scheduled callback: the start of the customer's window, when it is first offered (and its <c>QueuedAt</c>).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>A scheduled callback: the end of the customer's window, after which no dial starts.</summary>
    public DateTimeOffset? WindowEndsAt { get; init; }
}
