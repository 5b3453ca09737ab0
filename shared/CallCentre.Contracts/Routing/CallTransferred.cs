namespace CallCentre.Contracts.Routing;

/// <summary>An agent sent a connected call to another queue; the call waits there with its original arrival time.
/// The leg that ended here lasted from its answer to <see cref="TransferredAt"/>; <see cref="HoldSeconds"/> of it were on hold,
/// and the transferring agent then does <see cref="WrapUpSeconds"/> of after-call work (messages from before these existed
/// carry 0). <see cref="WrapUpSeconds"/> is the from-queue's configured wrap-up; the work actually done follows in
/// <see cref="CallWrapUpEnded"/>.</summary>
public record CallTransferred(Guid CallId, string TenantId, string FromQueueId, string ToQueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset TransferredAt, double HoldSeconds = 0, double WrapUpSeconds = 0)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice. A chat, e-mail or messaging conversation
    /// moves with its transcript and leaves its agent no after-call work.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
