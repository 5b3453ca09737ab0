namespace CallCentre.Contracts.Routing;

/// <summary>The values of <see cref="CallOfferReturned.Reason"/>.</summary>
public static class OfferReturn
{
    /// <summary>The phone rang until the queue's offer timeout (ring no answer, RONA).</summary>
    public const string Missed = "missed";
    /// <summary>The agent declined the offer.</summary>
    public const string Rejected = "rejected";
    /// <summary>Routing took the offer back: the transfer that brought the call failed (<see cref="CallTransferFailed"/>).</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>An offer (<see cref="CallOffered"/>, identified by <see cref="CallId"/> and <see cref="OfferedAt"/>) ended without an
/// answer because the agent missed or declined it (the call went back to its place in line), or Routing withdrew it.</summary>
public record CallOfferReturned(Guid CallId, string TenantId, string QueueId, string AgentId, string Reason, DateTimeOffset QueuedAt,
    DateTimeOffset OfferedAt, DateTimeOffset ReturnedAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
