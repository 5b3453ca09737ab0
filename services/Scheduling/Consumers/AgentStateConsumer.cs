using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using MassTransit;

namespace CallCentre.Scheduling.Consumers;

/// <summary>The adherence monitor tails them from the store; the same change twice is one row.</summary>
public sealed class AgentStateConsumer(AgentStateStore store) : IConsumer<AgentStateChanged>
{
    public Task Consume(ConsumeContext<AgentStateChanged> context)
    {
        var m = context.Message;
        return store.RecordAsync(m.AgentId, m.TenantIds, m.State, m.Reason, m.ChangedAt, context.CancellationToken);
    }
}
