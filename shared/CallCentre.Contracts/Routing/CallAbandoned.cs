namespace CallCentre.Contracts.Routing;

/// <summary>The caller hung up before an agent answered, after waiting <c>AbandonedAt - QueuedAt</c>.</summary>
public record CallAbandoned(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset AbandonedAt)
{
    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}
