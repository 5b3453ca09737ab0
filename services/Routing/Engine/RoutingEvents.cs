using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>Where the engine reports what happened. The engine passes plain values so that a sink that only counts (the
/// benchmark) allocates nothing; <see cref="ContractEventBuffer"/> turns them into the published contract records.</summary>
public abstract class RoutingEvents
{
    public abstract void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at);
    public abstract void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition);
    public abstract void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason,
        DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId,
        DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
        DateTimeOffset at);
}

/// <summary>Collects the engine's events as contract records, in order, until drained.</summary>
public sealed class ContractEventBuffer : RoutingEvents
{
    private readonly List<object> _events = [];

    public IReadOnlyList<object> Drain()
    {
        var drained = _events.ToArray();
        _events.Clear();
        return drained;
    }

    public override void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at) =>
        _events.Add(new CallQueued(callId, tenantId, queueId, callerHash, priority, at));
    public override void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallOffered(callId, tenantId, queueId, agentId, queuedAt, at));
    public override void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallAnswered(callId, tenantId, queueId, agentId, queuedAt, at));
    public override void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition) =>
        _events.Add(new CallCompleted(callId, tenantId, queueId, agentId, queuedAt, answeredAt, at, talkSeconds, wrapUpSeconds, disposition));
    public override void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallAbandoned(callId, tenantId, queueId, queuedAt, at));
    public override void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallRejected(callId, tenantId, queueId, reason, queuedAt, at));
    public override void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason,
        DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallOverflowed(callId, tenantId, fromQueueId, toQueueId, reason, queuedAt, at));
    public override void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId,
        DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallTransferred(callId, tenantId, fromQueueId, toQueueId, agentId, queuedAt, at));
    public override void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
        DateTimeOffset at) =>
        _events.Add(new AgentStateChanged(agentId, tenantIds, state.ToString(), reason, callId, at));
}
