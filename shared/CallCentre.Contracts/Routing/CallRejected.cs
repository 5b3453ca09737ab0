namespace CallCentre.Contracts.Routing;

/// <summary>The queue refused the call (closed, full, or waited past its maximum with nowhere to overflow), with the reason:
/// <c>closed</c>, <c>full</c>, <c>max-wait</c> or <c>unknown-queue</c>. <paramref name="QueuedAt"/> is when it arrived.</summary>
public record CallRejected(Guid CallId, string TenantId, string QueueId, string Reason, DateTimeOffset QueuedAt, DateTimeOffset RejectedAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
