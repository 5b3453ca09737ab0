using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;
using MassTransit;

namespace CallCentre.Dashboard.Consumers;

public sealed class AlertConsumer(AlertFeed feed) :
    IConsumer<SlaAtRisk>, IConsumer<SlaBreached>, IConsumer<SlaRecovered>, IConsumer<AgentStateChanged>,
    IConsumer<AdherenceExceptionRaised>, IConsumer<AdherenceExceptionCleared>
{
    public Task Consume(ConsumeContext<SlaAtRisk> context) { feed.Apply(context.Message); return Task.CompletedTask; }
    public Task Consume(ConsumeContext<SlaBreached> context) { feed.Apply(context.Message); return Task.CompletedTask; }
    public Task Consume(ConsumeContext<SlaRecovered> context) { feed.Apply(context.Message); return Task.CompletedTask; }
    public Task Consume(ConsumeContext<AgentStateChanged> context) { feed.Apply(context.Message); return Task.CompletedTask; }
    public Task Consume(ConsumeContext<AdherenceExceptionRaised> context) { feed.Apply(context.Message); return Task.CompletedTask; }
    public Task Consume(ConsumeContext<AdherenceExceptionCleared> context) { feed.Apply(context.Message); return Task.CompletedTask; }
}
