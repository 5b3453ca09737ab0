namespace CallCentre.Contracts.Routing;

/// <summary>An answered call ended: talk, hold and after-call work are in seconds, of the last leg (the agent who completed
/// it). <see cref="TalkSeconds"/> is the connected time less <see cref="HoldSeconds"/>; messages from before hold existed
/// carry no HoldSeconds (0). <see cref="WrapUpSeconds"/> is the queue's configured wrap-up, the after-call work expected when
/// the call ended; the work actually done follows in <see cref="CallWrapUpEnded"/> when the agent's after-call work ends.</summary>
public record CallCompleted(
    Guid CallId, string TenantId, string QueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset AnsweredAt, DateTimeOffset CompletedAt,
    double TalkSeconds, double WrapUpSeconds, string? Disposition, double HoldSeconds = 0)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
