using CallCentre.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Live;

/// <summary>Coalesces tile, agent-grid and alert changes and pushes them to each tenant's group four times a second, so
/// that a busy queue costs one message per tick, not one per event.</summary>
public sealed class WallboardBroadcaster(QueueBoard board, AgentBoard agents, AlertFeed alerts,
    IHubContext<WallboardHub, IWallboardClient> hub, TimeProvider time,
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
                    await PushAsync(tenant.Key, group => group.QueueMetrics(tenant.ToList()));

                var changedAgents = agents.TakeChangedAgents().ToHashSet(StringComparer.Ordinal);
                foreach (var tenant in changedAgents.SelectMany(agents.TenantsOf).Distinct())
                    await PushAsync(tenant, group => group.Agents(agents.AgentsFor(tenant, changedAgents)));

                foreach (var tenant in alerts.TakeNew().GroupBy(a => a.TenantId))
                    await PushAsync(tenant.Key, group => group.Alerts(tenant.OrderByDescending(a => a.At).ToList()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PushAsync(string tenant, Func<IWallboardClient, Task> push)
    {
        try
        {
            await push(hub.Clients.Group(WallboardHub.TenantGroup(tenant)));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not push wallboard updates for {Tenant}", tenant);
        }
    }
}
