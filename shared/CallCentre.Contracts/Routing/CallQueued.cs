namespace CallCentre.Contracts.Routing;

/// <summary>A call entered a client queue. <paramref name="CallerHash"/> is a keyed hash of the caller's number, never the number.</summary>
public record CallQueued(Guid CallId, string TenantId, string QueueId, string CallerHash, int Priority, DateTimeOffset QueuedAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
