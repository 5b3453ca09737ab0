namespace CallCentre.Dashboard.Live;

/// <summary><paramref name="CallQueueId"/> only for that call's client; else <paramref name="CallHidden"/>.</summary>
public sealed record AgentTile(string AgentId, string AgentName, string State, string? Reason, DateTimeOffset Since,
    string? CallQueueId, string? CallQueueName, bool CallHidden)
{
    /// <summary>Chats, e-mails, messages and callbacks connected to the agent, per kind; the phone's call is the fields above.</summary>
    public IReadOnlyDictionary<string, int> Contacts { get; init; } = new Dictionary<string, int>();
}
