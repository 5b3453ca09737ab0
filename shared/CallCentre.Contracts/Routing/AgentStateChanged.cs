namespace CallCentre.Contracts.Routing;

/// <summary>An agent changed state (Available, Reserved, OnCall, AfterCallWork, NotReady, LoggedOut), with a reason code where one applies.
/// <paramref name="TenantIds"/> are the client companies whose queues the agent serves.</summary>
public record AgentStateChanged(string AgentId, IReadOnlyList<string> TenantIds, string State, string? Reason, Guid? CallId, DateTimeOffset ChangedAt);
