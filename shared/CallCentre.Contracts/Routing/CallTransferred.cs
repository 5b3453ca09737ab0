namespace CallCentre.Contracts.Routing;

/// <summary>An agent sent a connected call to another queue; the call waits there with its original arrival time.
/// The leg that ended here lasted from its answer to <see cref="TransferredAt"/>; <see cref="HoldSeconds"/> of it were on hold,
/// and the transferring agent then does <see cref="WrapUpSeconds"/> of after-call work (messages from before these existed
/// carry 0). <see cref="WrapUpSeconds"/> is the from-queue's configured wrap-up; the work actually done follows in
/// <see cref="CallWrapUpEnded"/>.</summary>
public record CallTransferred(Guid CallId, string TenantId, string FromQueueId, string ToQueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset TransferredAt, double HoldSeconds = 0, double WrapUpSeconds = 0);
