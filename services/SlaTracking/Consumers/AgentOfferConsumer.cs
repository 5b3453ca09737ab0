using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

public sealed class AgentOfferConsumer(AgentReportStore store) : IConsumer<CallOffered>, IConsumer<CallOfferReturned>
{
    public Task Consume(ConsumeContext<CallOffered> context)
    {
        var m = context.Message;
        return store.RecordOfferAsync(m.CallId, m.TenantId, m.QueueId, m.AgentId, m.OfferedAt, null, null, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CallOfferReturned> context)
    {
        var m = context.Message;
        return store.RecordOfferAsync(m.CallId, m.TenantId, m.QueueId, m.AgentId, m.OfferedAt, m.Reason, m.ReturnedAt, context.CancellationToken);
    }
}
