namespace CallCentre.Contracts.Routing;

/// <summary>An agent accepted a callback: the PBX is to dial the customer for attempt <paramref name="Attempt"/> (from 1) and
/// connect them to the agent. It carries no number: the PBX reads it from the telephony API.</summary>
public record CallbackDialRequested(Guid CallId, string TenantId, string QueueId, string AgentId, int Attempt, DateTimeOffset QueuedAt,
    DateTimeOffset RequestedAt);
