using CallCentre.Contracts.Scheduling;
using MassTransit;

namespace CallCentre.Simulator.Checks;

public sealed class ScheduleSimulationConsumer(TimeProvider time) : IConsumer<ScheduleSimulationRequested>
{
    public async Task Consume(ConsumeContext<ScheduleSimulationRequested> context)
    {
        // A malformed request is answered with a fault at once (the requester sees why), never retried.
        var problems = ScheduleCheck.Problems(context.Message);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
        var result = await Task.Run(() => ScheduleCheck.Run(context.Message, time), context.CancellationToken);
        await context.RespondAsync(result);
    }
}
