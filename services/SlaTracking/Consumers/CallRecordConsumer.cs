using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Live;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>Builds the call detail record from Routing's call events (idempotent, order-tolerant), then marks the queue for
/// the live monitor, which publishes its figures at most once a second. A call counts in the queue it arrived in. The events
/// consumed at the same moment are written together (<see cref="CallRecordWriter"/>); each returns once its write committed.</summary>
public sealed class CallRecordConsumer(CallRecordWriter writer, LiveServiceLevelMonitor live)
    : IConsumer<CallQueued>, IConsumer<CallAnswered>, IConsumer<CallAbandoned>, IConsumer<CallCompleted>,
      IConsumer<CallOverflowed>, IConsumer<CallTransferred>, IConsumer<CallRejected>, IConsumer<CallWrapUpEnded>,
      IConsumer<CallLegEnded>
{
    public Task Consume(ConsumeContext<CallQueued> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallAnswered> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallAbandoned> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallCompleted> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallOverflowed> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallTransferred> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallRejected> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallWrapUpEnded> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallLegEnded> context) => RecordAsync(context, CallFactsOf(context.Message));

    public static CallRecordStore.CallFacts CallFactsOf(CallQueued m) => new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, IsArrival: true);

    public static CallRecordStore.CallFacts CallFactsOf(CallAnswered m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, AgentId: m.AgentId);

    public static CallRecordStore.CallFacts CallFactsOf(CallAbandoned m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AbandonedAt: m.AbandonedAt);

    // No hold (or a message from before hold existed) leaves the column unset: only a real hold fills it, once.
    public static CallRecordStore.CallFacts CallFactsOf(CallCompleted m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, CompletedAt: m.CompletedAt, AgentId: m.AgentId,
            TalkSeconds: m.TalkSeconds, WrapUpSeconds: m.WrapUpSeconds, Disposition: m.Disposition, HoldSeconds: m.HoldSeconds > 0 ? m.HoldSeconds : null);

    // The call stays counted in the queue it arrived in: these only make sure the row exists.
    public static CallRecordStore.CallFacts CallFactsOf(CallOverflowed m) => new(m.CallId, m.TenantId, m.FromQueueId, m.QueuedAt);

    public static CallRecordStore.CallFacts CallFactsOf(CallTransferred m) => new(m.CallId, m.TenantId, m.FromQueueId, m.QueuedAt,
        Transfer: new CallRecordStore.Transfer(m.TransferredAt, m.FromQueueId, m.ToQueueId, m.AgentId, m.HoldSeconds, m.WrapUpSeconds));

    public static CallRecordStore.CallFacts CallFactsOf(CallRejected m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, RejectedAt: m.RejectedAt, RejectReason: m.Reason);

    // The wrap-up actually done replaces the configured one of the leg that ended at StartedAt, in whichever order they come.
    public static CallRecordStore.CallFacts CallFactsOf(CallWrapUpEnded m) => new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt,
        ActualWrapUp: new CallRecordStore.ActualWrapUp(m.StartedAt, m.AgentId, m.EndedAt, m.WrapUpSeconds));

    // The leg's queue only counts until the arrival names the call's own.
    public static CallRecordStore.CallFacts CallFactsOf(CallLegEnded m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, Leg: m);

    private async Task RecordAsync(ConsumeContext context, CallRecordStore.CallFacts facts)
    {
        var (tenantId, queueId) = await writer.WriteAsync(facts, context.CancellationToken);
        live.MarkChanged(tenantId, queueId);
    }
}
