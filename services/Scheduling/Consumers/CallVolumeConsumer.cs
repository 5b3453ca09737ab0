using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using MassTransit;

namespace CallCentre.Scheduling.Consumers;

/// <summary>Records the actual volumes and handle times per queue from Routing's call events.</summary>
public sealed class CallVolumeConsumer(VolumeStore store) : IConsumer<CallQueued>, IConsumer<CallCompleted>
{
    public Task Consume(ConsumeContext<CallQueued> context)
    {
        var m = context.Message;
        return store.RecordArrivalAsync(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallCompleted> context)
    {
        var m = context.Message;
        return store.RecordHandleTimeAsync(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, m.TalkSeconds + m.WrapUpSeconds, context.CancellationToken);
    }
}
