using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;
using MassTransit;

namespace CallCentre.Dashboard.Consumers;

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
