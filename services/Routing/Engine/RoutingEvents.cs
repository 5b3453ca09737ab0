using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>Plain values, so that a sink that only counts (the benchmark) allocates nothing.</summary>
public abstract class RoutingEvents
{
    public abstract void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at,
        string kind = ContactKinds.Voice);
    public abstract void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind = ContactKinds.Voice);
    public abstract void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind = ContactKinds.Voice);
    public abstract void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition, double holdSeconds,
        string kind = ContactKinds.Voice);
    public abstract void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind = ContactKinds.Voice);
    public abstract void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind = ContactKinds.Voice);
    public abstract void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason,
        DateTimeOffset queuedAt, DateTimeOffset at);
    public abstract void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId,
        DateTimeOffset queuedAt, DateTimeOffset at, double holdSeconds, double wrapUpSeconds, string kind = ContactKinds.Voice);
    public virtual void CallHeld(Guid callId, string tenantId, string queueId, string agentId, double holdSeconds, DateTimeOffset at) { }
    public virtual void CallTransferFailed(Guid callId, string tenantId, string queueId, string agentId, string? reason, DateTimeOffset queuedAt,
        DateTimeOffset transferredAt, DateTimeOffset at) { }
    public virtual void CallResumed(Guid callId, string tenantId, string queueId, string agentId, double holdSeconds, DateTimeOffset at) { }
    /// <summary><paramref name="startedAt"/> is the leg's end; <paramref name="wrapUpSeconds"/> the work done.</summary>
    public virtual void CallWrapUpEnded(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, string agentId,
        DateTimeOffset startedAt, DateTimeOffset at, double wrapUpSeconds) { }
    public virtual void CallLegEnded(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset endedAt, string endedBy, double talkSeconds, double holdSeconds, double wrapUpSeconds,
        string? disposition, string kind = ContactKinds.Voice) { }
    public virtual void CallOfferReturned(Guid callId, string tenantId, string queueId, string agentId, string reason, DateTimeOffset queuedAt,
        DateTimeOffset offeredAt, DateTimeOffset at, string kind = ContactKinds.Voice) { }
    public virtual void CallbackRequested(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at,
        DateTimeOffset? dueAt = null, DateTimeOffset? windowEndsAt = null) { }
    public virtual void CallbackDialRequested(Guid callId, string tenantId, string queueId, string agentId, int attempt, DateTimeOffset queuedAt,
        DateTimeOffset at) { }
    public virtual void CallbackAttempted(Guid callId, string tenantId, string queueId, string agentId, int attempt, string outcome,
        DateTimeOffset queuedAt, DateTimeOffset at, DateTimeOffset? retryAt, bool final) { }
    public virtual void CallConsultStarted(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, string? toQueueId,
        DateTimeOffset at) { }
    public virtual void CallConsultAnswered(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, DateTimeOffset at) { }
    public virtual void CallConsultEnded(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, string outcome,
        DateTimeOffset startedAt, DateTimeOffset at) { }
    public abstract void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
        DateTimeOffset at);
}

internal sealed class ContractEventBuffer : RoutingEvents
{
    private readonly List<object> _events = [];

    public IReadOnlyList<object> Drain()
    {
        var drained = _events.ToArray();
        _events.Clear();
        return drained;
    }

    public override void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at,
        string kind) =>
        _events.Add(new CallQueued(callId, tenantId, queueId, callerHash, priority, at) { Kind = kind });
    public override void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind) =>
        _events.Add(new CallOffered(callId, tenantId, queueId, agentId, queuedAt, at) { Kind = kind });
    public override void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind) =>
        _events.Add(new CallAnswered(callId, tenantId, queueId, agentId, queuedAt, at) { Kind = kind });
    public override void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition, double holdSeconds,
        string kind) =>
        _events.Add(new CallCompleted(callId, tenantId, queueId, agentId, queuedAt, answeredAt, at, talkSeconds, wrapUpSeconds, disposition, holdSeconds)
            { Kind = kind });
    public override void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) =>
        _events.Add(new CallAbandoned(callId, tenantId, queueId, queuedAt, at) { Kind = kind });
    public override void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at,
        string kind) =>
        _events.Add(new CallRejected(callId, tenantId, queueId, reason, queuedAt, at) { Kind = kind });
    public override void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason,
        DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallOverflowed(callId, tenantId, fromQueueId, toQueueId, reason, queuedAt, at));
    public override void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId,
        DateTimeOffset queuedAt, DateTimeOffset at, double holdSeconds, double wrapUpSeconds, string kind) =>
        _events.Add(new CallTransferred(callId, tenantId, fromQueueId, toQueueId, agentId, queuedAt, at, holdSeconds, wrapUpSeconds) { Kind = kind });
    public override void CallTransferFailed(Guid callId, string tenantId, string queueId, string agentId, string? reason, DateTimeOffset queuedAt,
        DateTimeOffset transferredAt, DateTimeOffset at) =>
        _events.Add(new CallTransferFailed(callId, tenantId, queueId, agentId, reason, queuedAt, transferredAt, at));
    public override void CallHeld(Guid callId, string tenantId, string queueId, string agentId, double holdSeconds, DateTimeOffset at) =>
        _events.Add(new CallHeld(callId, tenantId, queueId, agentId, holdSeconds, at));
    public override void CallResumed(Guid callId, string tenantId, string queueId, string agentId, double holdSeconds, DateTimeOffset at) =>
        _events.Add(new CallResumed(callId, tenantId, queueId, agentId, holdSeconds, at));
    public override void CallWrapUpEnded(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, string agentId,
        DateTimeOffset startedAt, DateTimeOffset at, double wrapUpSeconds) =>
        _events.Add(new CallWrapUpEnded(callId, tenantId, queueId, queuedAt, agentId, startedAt, at, wrapUpSeconds));
    public override void CallOfferReturned(Guid callId, string tenantId, string queueId, string agentId, string reason,
        DateTimeOffset queuedAt, DateTimeOffset offeredAt, DateTimeOffset at, string kind) =>
        _events.Add(new CallOfferReturned(callId, tenantId, queueId, agentId, reason, queuedAt, offeredAt, at) { Kind = kind });
    public override void CallLegEnded(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset endedAt, string endedBy, double talkSeconds, double holdSeconds, double wrapUpSeconds,
        string? disposition, string kind) =>
        _events.Add(new CallLegEnded(callId, tenantId, queueId, agentId, queuedAt, answeredAt, endedAt, endedBy, talkSeconds, holdSeconds,
            wrapUpSeconds, disposition) { Kind = kind });
    public override void CallbackRequested(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at,
        DateTimeOffset? dueAt, DateTimeOffset? windowEndsAt) =>
        _events.Add(new CallbackRequested(callId, tenantId, queueId, queuedAt, at) { DueAt = dueAt, WindowEndsAt = windowEndsAt });
    public override void CallbackDialRequested(Guid callId, string tenantId, string queueId, string agentId, int attempt,
        DateTimeOffset queuedAt, DateTimeOffset at) =>
        _events.Add(new CallbackDialRequested(callId, tenantId, queueId, agentId, attempt, queuedAt, at));
    public override void CallbackAttempted(Guid callId, string tenantId, string queueId, string agentId, int attempt, string outcome,
        DateTimeOffset queuedAt, DateTimeOffset at, DateTimeOffset? retryAt, bool final) =>
        _events.Add(new CallbackAttempted(callId, tenantId, queueId, agentId, attempt, outcome, queuedAt, at, retryAt, final));
    public override void CallConsultStarted(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, string? toQueueId,
        DateTimeOffset at) =>
        _events.Add(new CallConsultStarted(callId, tenantId, queueId, agentId, toAgentId, toQueueId, at));
    public override void CallConsultAnswered(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, DateTimeOffset at) =>
        _events.Add(new CallConsultAnswered(callId, tenantId, queueId, agentId, toAgentId, at));
    public override void CallConsultEnded(Guid callId, string tenantId, string queueId, string agentId, string toAgentId, string outcome,
        DateTimeOffset startedAt, DateTimeOffset at) =>
        _events.Add(new CallConsultEnded(callId, tenantId, queueId, agentId, toAgentId, outcome, startedAt, at));
    public override void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
        DateTimeOffset at) =>
        _events.Add(new AgentStateChanged(agentId, tenantIds, state.ToString(), reason, callId, at));
}
