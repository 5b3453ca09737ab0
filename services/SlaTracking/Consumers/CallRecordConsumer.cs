using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Live;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>Each event returns once its batch committed (<see cref="CallRecordWriter"/>), then marks its queue for the live monitor.</summary>
public sealed class CallRecordConsumer(CallRecordWriter writer, LiveServiceLevelMonitor live, BusinessClock clock)
    : IConsumer<CallQueued>, IConsumer<CallAnswered>, IConsumer<CallAbandoned>, IConsumer<CallOverflowed>, IConsumer<CallRejected>,
      IConsumer<CallLegEnded>, IConsumer<CallbackDialRequested>
{
    public Task Consume(ConsumeContext<CallQueued> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallAnswered> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallAbandoned> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallOverflowed> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallRejected> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallLegEnded> context) => RecordAsync(context, CallFactsOf(context.Message));
    public Task Consume(ConsumeContext<CallbackDialRequested> context) => RecordAsync(context, CallFactsOf(context.Message));

    public static CallRecordStore.CallFacts CallFactsOf(CallQueued m) => new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, IsArrival: true, Kind: m.Kind);

    public static CallRecordStore.CallFacts CallFactsOf(CallAnswered m) => new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, Kind: m.Kind);

    public static CallRecordStore.CallFacts CallFactsOf(CallAbandoned m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AbandonedAt: m.AbandonedAt, Kind: m.Kind);

    // The call stays counted in the queue it arrived in: this only makes sure the row exists.
    public static CallRecordStore.CallFacts CallFactsOf(CallOverflowed m) => new(m.CallId, m.TenantId, m.FromQueueId, m.QueuedAt);

    public static CallRecordStore.CallFacts CallFactsOf(CallRejected m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, RejectedAt: m.RejectedAt, RejectReason: m.Reason, Kind: m.Kind);

    public static CallRecordStore.CallFacts CallFactsOf(CallLegEnded m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, Leg: m, Kind: m.Kind);

    public static CallRecordStore.CallFacts CallFactsOf(CallbackDialRequested m) =>
        new(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, FirstDialAt: m.RequestedAt, Kind: ContactKinds.Callback);

    private async Task RecordAsync(ConsumeContext context, CallRecordStore.CallFacts facts)
    {
        var (tenantId, queueId) = await writer.WriteAsync(clock.Stamp(facts), context.CancellationToken);
        live.MarkChanged(tenantId, queueId);
    }
}
