using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using MassTransit;

namespace CallCentre.Scheduling.Consumers;

/// <summary>Records the actual volumes and handle times per queue from Routing's call events. A call's handle time is its
/// last leg's talk + hold + the after-call work its agent actually did (<see cref="CallWrapUpEnded"/> whose StartedAt is
/// the call's CompletedAt), or the queue's configured wrap-up until (or unless) that is reported; a transferred leg's
/// wrap-up is not counted. The events may come in any order and any number of times.</summary>
public sealed class CallVolumeConsumer(VolumeStore store) : IConsumer<CallQueued>, IConsumer<CallCompleted>, IConsumer<CallWrapUpEnded>,
    IConsumer<CallLegEnded>
{
    public Task Consume(ConsumeContext<CallQueued> context)
    {
        var m = context.Message;
        return store.RecordArrivalAsync(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallCompleted> context)
    {
        var m = context.Message;
        return store.RecordCompletionAsync(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, m.CompletedAt, m.TalkSeconds + m.HoldSeconds,
            m.WrapUpSeconds, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallWrapUpEnded> context)
    {
        var m = context.Message;
        return store.RecordWrapUpAsync(m.CallId, m.StartedAt, m.WrapUpSeconds, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallLegEnded> context) => store.RecordLegAsync(context.Message, context.CancellationToken);
}
