using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;
using MassTransit;

namespace CallCentre.Dashboard.Consumers;

/// <summary>Feeds the wallboard from Routing's queue snapshots and SlaTracking's service-level updates.</summary>
public sealed class WallboardConsumer(QueueBoard board) : IConsumer<QueueSnapshot>, IConsumer<QueueServiceLevelUpdated>
{
    public Task Consume(ConsumeContext<QueueSnapshot> context)
    {
        board.Apply(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<QueueServiceLevelUpdated> context)
    {
        board.Apply(context.Message);
        return Task.CompletedTask;
    }
}
