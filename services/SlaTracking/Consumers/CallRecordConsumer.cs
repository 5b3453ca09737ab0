using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>Builds the call detail record from Routing's call events (idempotent, order-tolerant), then publishes the
/// queue's updated figures for today.</summary>
public sealed class CallRecordConsumer(CallRecordStore store, TodayServiceLevel today)
    : IConsumer<CallQueued>, IConsumer<CallAnswered>, IConsumer<CallAbandoned>, IConsumer<CallCompleted>
{
    public Task Consume(ConsumeContext<CallQueued> context)
    {
        var m = context.Message;
        return RecordAsync(context, new CallRecordStore.CallFacts(m.CallId, m.TenantId, m.QueueId, m.QueuedAt));
    }

    public Task Consume(ConsumeContext<CallAnswered> context)
    {
        var m = context.Message;
        return RecordAsync(context, new CallRecordStore.CallFacts(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AnsweredAt: m.AnsweredAt, AgentId: m.AgentId));
    }

    public Task Consume(ConsumeContext<CallAbandoned> context)
    {
        var m = context.Message;
        return RecordAsync(context, new CallRecordStore.CallFacts(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, AbandonedAt: m.AbandonedAt));
    }

    public Task Consume(ConsumeContext<CallCompleted> context)
    {
        var m = context.Message;
        return RecordAsync(context, new CallRecordStore.CallFacts(m.CallId, m.TenantId, m.QueueId, m.QueuedAt,
            AnsweredAt: m.AnsweredAt, CompletedAt: m.CompletedAt, AgentId: m.AgentId, TalkSeconds: m.TalkSeconds,
            WrapUpSeconds: m.WrapUpSeconds, Disposition: m.Disposition));
    }

    private async Task RecordAsync(ConsumeContext context, CallRecordStore.CallFacts facts)
    {
        await store.UpsertAsync(facts, context.CancellationToken);
        if (await today.ComputeAsync(facts.TenantId, facts.QueueId, context.CancellationToken) is { } figures)
            await context.Publish(figures, context.CancellationToken);
    }
}
