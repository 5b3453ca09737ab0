using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

public sealed class AgentStateConsumer(AgentStateStore store) : IConsumer<AgentStateChanged>
{
    public Task Consume(ConsumeContext<AgentStateChanged> context)
    {
        var m = context.Message;
        return store.RecordAsync(m.AgentId, m.TenantIds, m.State, m.ChangedAt, context.CancellationToken, m.Reason);
    }
}
