namespace CallCentre.Dashboard.Live;

/// <summary>One row of the wallboard's agent grid. <paramref name="CallQueueId"/> is the queue of the call ringing at or
/// connected to the agent, given only to supervisors of that call's client; <paramref name="CallHidden"/> says the agent is
/// busy with another client's call.</summary>
public sealed record AgentTile(string AgentId, string AgentName, string State, string? Reason, DateTimeOffset Since,
    string? CallQueueId, string? CallQueueName, bool CallHidden);
