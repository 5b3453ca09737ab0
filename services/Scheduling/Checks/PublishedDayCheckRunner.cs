using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Data;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Checks;

/// <summary>Plays the pending checks that are due, woken by a new one or by the retry interval.</summary>
public sealed class PublishedDayCheckRunner(PublishedDayChecks checks, ScheduleCheckStore store, IServiceScopeFactory scopes,
    IOptions<SchedulingOptions> options, TimeProvider time, ILogger<PublishedDayCheckRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromTicks(Math.Min(options.Value.SimulationCheckRetry.Ticks, TimeSpan.FromSeconds(30).Ticks));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var due in await store.DueAsync(time.GetUtcNow(), 10, stoppingToken))
                {
                    using var scope = scopes.CreateScope();
                    await checks.RunAsync(due, scope.ServiceProvider.GetRequiredService<IRequestClient<ScheduleSimulationRequested>>(), stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Running the pending schedule checks failed; trying again");
            }
            await checks.WaitForWorkAsync(poll, stoppingToken);
        }
    }
}
