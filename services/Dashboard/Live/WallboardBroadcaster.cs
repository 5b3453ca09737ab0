using CallCentre.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Live;

/// <summary>Coalesces tile changes and pushes them to each tenant's group four times a second, so that a busy queue
/// costs one message per tick, not one per event.</summary>
public sealed class WallboardBroadcaster(QueueBoard board, IHubContext<WallboardHub, IWallboardClient> hub, TimeProvider time,
    ILogger<WallboardBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var tenant in board.TakeChanged().GroupBy(t => t.TenantId))
                {
                    try
                    {
                        await hub.Clients.Group(WallboardHub.TenantGroup(tenant.Key)).QueueMetrics(tenant.ToList());
                    }
                    catch (Exception e)
                    {
                        logger.LogWarning(e, "Could not push wallboard updates for {Tenant}", tenant.Key);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
