namespace CallCentre.Contracts.Routing;

/// <summary>A waiting call was offered to (reserved for) an agent; the agent's phone rings.</summary>
public record CallOffered(Guid CallId, string TenantId, string QueueId, string AgentId, DateTimeOffset QueuedAt, DateTimeOffset OfferedAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
