namespace CallCentre.Dashboard.Live;

/// <summary><paramref name="Since"/> is MinValue until a state change is seen (the page asks Routing once).</summary>
public sealed record AgentDesk(string AgentId, string AgentName, string State, string? Reason, DateTimeOffset Since, AgentDeskCall? Call,
    DateTimeOffset ServerTime);

/// <summary><paramref name="Caller"/> is a mask: the platform never has the number.</summary>
public sealed record AgentDeskCall(
    Guid CallId, string Status, string TenantId, string ClientName, string QueueId, string QueueName, string LineOfBusiness,
    string Language, string Caller, bool ReturningCaller, DateTimeOffset QueuedAt, DateTimeOffset OfferedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? Disposition, string? ScreenPopUrl = null);
