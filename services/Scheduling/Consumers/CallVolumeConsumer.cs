using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using MassTransit;

namespace CallCentre.Scheduling.Consumers;

/// <summary>In any order and any number of times.</summary>
public sealed class CallVolumeConsumer(VolumeStore store) : IConsumer<CallQueued>, IConsumer<CallLegEnded>
{
    public Task Consume(ConsumeContext<CallQueued> context)
    {
        var m = context.Message;
        return store.RecordArrivalAsync(m.CallId, m.TenantId, m.QueueId, m.QueuedAt, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallLegEnded> context) => store.RecordLegAsync(context.Message, context.CancellationToken);
}
