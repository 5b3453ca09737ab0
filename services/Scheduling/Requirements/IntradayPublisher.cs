using System.Collections.Concurrent;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Operations;
using CallCentre.Scheduling.Data;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Requirements;

/// <summary>Replicas each publish: the messages carry the whole day, and the latest wins.</summary>
public sealed class IntradayPublisher(IntradayPlanner planner, CentreCatalog catalog, ScheduleStore schedules, IBus bus, TimeProvider time,
    IOptions<IntradayOptions> options, ILogger<IntradayPublisher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, IntradayStaffingUpdated> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private int? _stamp;
    private DateTimeOffset _quarter = DateTimeOffset.MinValue;

    public IReadOnlyList<IntradayStaffingUpdated> Latest(IEnumerable<string> tenants) =>
        [.. tenants.Select(t => _latest.GetValueOrDefault(t)).OfType<IntradayStaffingUpdated>()];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.CheckInterval, time, async ct =>
            {
                var now = time.GetUtcNow();
                var stamp = await ScheduleStampAsync(DateOnly.FromDateTime(now.UtcDateTime), ct);
                var quarter = new DateTimeOffset(now.UtcTicks - now.UtcTicks % (TimeSpan.TicksPerMinute * 15), TimeSpan.Zero);
                if (stamp != _stamp || quarter != _quarter)
                {
                    await RefreshAsync(ct);
                    (_stamp, _quarter) = (stamp, quarter);
                }
            },
            e => logger.LogWarning(e, "Intraday reforecast failed; retrying at the next check"), stoppingToken);

    /// <summary>Changes when any agent's days around today change, whoever wrote them.</summary>
    private async Task<int> ScheduleStampAsync(DateOnly today, CancellationToken ct)
    {
        var hash = new HashCode();
        foreach (var day in await schedules.ListAsync(today.AddDays(-2), today.AddDays(1), ct: ct))
        {
            hash.Add(day.AgentId);
            hash.Add(day.Date);
            hash.Add(day.DayOff);
            foreach (var a in day.Activities) hash.Add(a);
        }
        return hash.ToHashCode();
    }

    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            var centre = catalog.Current;
            var queues = 0;
            foreach (var tenant in centre.Tenants)
            {
                if (await planner.PlanAsync(centre, tenant.Id, ct) is not { } plan) continue;
                _latest[tenant.Id] = plan;
                queues += plan.Queues.Count;
                await bus.Publish(plan, ct);
            }
            logger.LogInformation("Intraday: reforecast {Queues} queues of {Tenants} tenants", queues, centre.Tenants.Count);
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
