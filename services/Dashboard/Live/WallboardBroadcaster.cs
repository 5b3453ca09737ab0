using System.Diagnostics.Metrics;
using CallCentre.Dashboard.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Live;

/// <summary>A burst goes as one message, a tile at most once per <see cref="TileInterval"/> (docs/pages.md).</summary>
public sealed class WallboardBroadcaster(QueueBoard board, AgentBoard agents, AlertFeed alerts, WallboardAudiences audiences,
    IHubContext<WallboardHub, IWallboardClient> hub, TimeProvider time,
    ILogger<WallboardBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan TileInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(100);

    /// <summary><c>callcentre.wallboard.tiles.age</c> (event instant to push) and
    /// <c>callcentre.wallboard.tiles.push</c> (handing the push to every connection's output).</summary>
    public const string MeterName = "CallCentre.Dashboard";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> TileAge = Meter.CreateHistogram<double>("callcentre.wallboard.tiles.age", "ms");
    private static readonly Histogram<double> PushDuration = Meter.CreateHistogram<double>("callcentre.wallboard.tiles.push", "ms");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        var ticks = 0L;
        var lastPending = 0;
        DateTimeOffset? heldSince = null;
        var grewAt = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // A burst goes as one message once it stopped growing for Quiet, or after MaxHold: fewer messages per connection.
                var now = time.GetUtcNow();
                var pending = board.PendingCount;
                if (pending > lastPending)
                {
                    heldSince ??= now;
                    grewAt = now;
                }
                lastPending = pending;
                if (pending > 0 && (now - grewAt >= Quiet || now - heldSince >= MaxHold))
                {
                    await PushTilesAsync(board.TakeChanged(now, TileInterval));
                    lastPending = board.PendingCount; // tiles held back by their interval: sent once it has passed
                    heldSince = null;
                }

                if (++ticks % (int)(TileInterval / Tick) != 0)
                    continue; // the agent grid and the alerts, four times a second
                var changedAgents = agents.TakeChangedAgents().ToHashSet(StringComparer.Ordinal);
                foreach (var tenant in changedAgents.SelectMany(agents.TenantsOf).Distinct())
                    await PushAsync(WallboardHub.TenantGroup(tenant), group => group.Agents(agents.AgentsFor(tenant, changedAgents)));

                foreach (var tenant in alerts.TakeNew().GroupBy(a => a.TenantId))
                    await PushAsync(WallboardHub.TenantGroup(tenant.Key), group => group.Alerts(tenant.OrderByDescending(a => a.At).ToList()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PushTilesAsync(IReadOnlyList<QueueMetrics> tiles)
    {
        if (tiles.Count == 0)
            return;
        var started = time.GetTimestamp();
        if (tiles.Any(t => t.UpdatedAt > DateTimeOffset.MinValue))
            TileAge.Record((time.GetUtcNow() - tiles.Where(t => t.UpdatedAt > DateTimeOffset.MinValue).Min(t => t.UpdatedAt)).TotalMilliseconds);
        var pushes = new List<Task>();
        // Shards of the same audience get the same message, built once; each shard is handed over on a pool thread of its
        // own, so that a large audience's connections are written on every core at once.
        var built = new Dictionary<(IReadOnlySet<string>, bool), object?>();
        foreach (var (group, tenants, rows) in audiences.Current())
        {
            if (!built.TryGetValue((tenants, rows), out var message))
            {
                var seen = tiles.Where(t => tenants.Contains(t.TenantId)).ToList();
                built[(tenants, rows)] = message = seen.Count == 0 ? null : rows ? TileRows.Of(seen) : seen;
            }
            switch (message)
            {
                case TileRows batch:
                    pushes.Add(Task.Run(() => PushAsync(group, client => client.TileRows(batch))));
                    break;
                case List<QueueMetrics> seen:
                    pushes.Add(Task.Run(() => PushAsync(group, client => client.QueueMetrics(seen))));
                    break;
            }
        }
        await Task.WhenAll(pushes);
        PushDuration.Record(time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task PushAsync(string group, Func<IWallboardClient, Task> push)
    {
        try
        {
            await push(hub.Clients.Group(group));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not push wallboard updates to {Group}", group);
        }
    }
}
