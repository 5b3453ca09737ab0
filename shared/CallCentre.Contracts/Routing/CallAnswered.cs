namespace CallCentre.Contracts.Routing;

/// <summary>An agent answered the call; the wait is <c>AnsweredAt - QueuedAt</c>.</summary>
public record CallAnswered(Guid CallId, string TenantId, string QueueId, string AgentId, DateTimeOffset QueuedAt, DateTimeOffset AnsweredAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
