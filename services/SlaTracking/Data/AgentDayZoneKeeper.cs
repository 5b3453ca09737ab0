using CallCentre.Hosting.Centre;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Data;

/// <summary>At start, cuts the agent report's day sums in the centre's days: the rows stored before migration 018, or all of
/// them again after <c>Centre:TimeZone</c> changed. Until it has, day and month reports read the hour sums. Then packs each closed
/// UTC day's 15-minute sums (<see cref="AgentPackedDays"/>), and again a day a late write changed.</summary>
public sealed class AgentDayZoneKeeper(AgentReportStore store, CentreTimeZone zone, TimeProvider time, IOptions<SlaOptions> options,
    ILogger<AgentDayZoneKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cut = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!cut && await store.UseDayZoneAsync(zone.Zone.Id, stoppingToken))
                    logger.LogInformation("The agent report's day sums are cut in the days of {Zone}", zone.Zone.Id);
                cut = true;
                await store.PackClosedDaysAsync(time.GetUtcNow(), stoppingToken);
            }
            // In distributed mode the service may start before the migrate verb has made the tables.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Cutting or packing the agent report's day sums in {Zone} failed; it runs again in {Every}", zone.Zone.Id,
                    options.Value.SummariseEvery);
            }
            await Task.Delay(options.Value.SummariseEvery, time, stoppingToken);
        }
    }
}
