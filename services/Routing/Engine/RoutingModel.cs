namespace CallCentre.Routing.Engine;

/// <summary>A queue as the engine needs it.</summary>
public sealed record RoutingQueue(
    string Id, string TenantId, IReadOnlyDictionary<string, int> RequiredSkills, int Priority,
    TimeSpan WrapUp, TimeSpan OfferTimeout);

/// <summary>An agent's skill profile (proficiency 1..5 per skill; languages are skills).</summary>
public sealed record RoutingAgent(string Id, IReadOnlyDictionary<string, int> Skills)
{
    public bool Satisfies(IReadOnlyDictionary<string, int> required) =>
        required.All(r => Skills.TryGetValue(r.Key, out var level) && level >= r.Value);
}

/// <summary>A call arriving from telephony.</summary>
public sealed record IncomingCall(Guid CallId, string QueueId, string CallerHash, int? Priority);

/// <summary>What a waiting or connected call looks like from outside.</summary>
public sealed record CallView(Guid CallId, string TenantId, string QueueId, CallState State, string? AgentId,
    DateTimeOffset QueuedAt, int? Position);

/// <summary>What an agent looks like from outside: state, reason, since when, and the call offered or connected.</summary>
public sealed record AgentView(string AgentId, AgentState State, string? Reason, DateTimeOffset Since,
    Guid? CallId, string? QueueId, string? TenantId, DateTimeOffset? QueuedAt);
