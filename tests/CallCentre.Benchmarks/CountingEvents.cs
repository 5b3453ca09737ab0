using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>Counts what the engine reports and keeps nothing: the benchmark measures decisions, not publishing.</summary>
public sealed class CountingEvents : RoutingEvents
{
    public long Count;
    public override void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at, string kind) => Count++;
    public override void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
    public override void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
    public override void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset answeredAt,
        DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition, double holdSeconds, string kind) => Count++;
    public override void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
    public override void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
    public override void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason, DateTimeOffset queuedAt,
        DateTimeOffset at) => Count++;
    public override void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset at, double holdSeconds, double wrapUpSeconds, string kind) => Count++;
    public override void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
        DateTimeOffset at) => Count++;
}
