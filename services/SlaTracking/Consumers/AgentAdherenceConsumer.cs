using CallCentre.Contracts.Scheduling;
using CallCentre.SlaTracking.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

public sealed class AgentAdherenceConsumer(AgentStateStore store) : IConsumer<AgentAdherenceRecorded>
{
    public Task Consume(ConsumeContext<AgentAdherenceRecorded> context) => store.RecordAdherenceAsync(context.Message, context.CancellationToken);
}
