using System.Collections.Concurrent;
using CallCentre.Contracts.Sla;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Live;

/// <summary>Coalesces call events into at most one <see cref="QueueServiceLevelUpdated"/> per queue per
/// <see cref="SlaOptions.LiveInterval"/>, published only when the figures changed, and raises breach, recovery and
/// "at risk" events (<see cref="ServiceLevelAlertPolicy"/>). Alert states live in memory, one per queue and tenant day.</summary>
public sealed class LiveServiceLevelMonitor(
    TodayServiceLevel today, IBus bus, TimeProvider time, IOptions<SlaOptions> options, ILogger<LiveServiceLevelMonitor> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<(string Tenant, string Queue), byte> _changed = new();
    private readonly Dictionary<(string Tenant, string Queue), QueueServiceLevelUpdated> _published = new();
    private readonly Dictionary<(string Tenant, string Queue), (DateOnly Day, AlertState State)> _alerts = new();
    private readonly ServiceLevelAlertPolicy _policy = new(options.Value.Hysteresis, options.Value.MinimumCallsForAlerts);
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>A call event of this queue was recorded: its figures are recomputed at the next tick.</summary>
    public void MarkChanged(string tenantId, string queueId) => _changed.TryAdd((tenantId, queueId), 0);

    /// <summary>Forgets the tenant's last published figures and alert states (a tenant erasure); answers the queues forgotten.</summary>
    public async Task<int> ForgetTenantAsync(string tenantId, CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            foreach (var key in _changed.Keys.Where(k => k.Tenant == tenantId).ToList())
                _changed.TryRemove(key, out _);
            var queues = _published.Keys.Concat(_alerts.Keys).Where(k => k.Tenant == tenantId).Distinct().ToList();
            foreach (var key in queues)
                (_, _) = (_published.Remove(key), _alerts.Remove(key));
            return queues.Count;
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Recomputes every changed queue once and publishes what changed.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            foreach (var key in _changed.Keys.ToList())
            {
                _changed.TryRemove(key, out _);
                try
                {
                    await PublishAsync(key, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not publish the live service level of {Tenant}/{Queue}; retrying at the next tick", key.Tenant, key.Queue);
                    MarkChanged(key.Tenant, key.Queue);
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task PublishAsync((string Tenant, string Queue) key, CancellationToken ct)
    {
        if (await today.ComputeAsync(key.Tenant, key.Queue, options.Value.AtRiskWindowMinutes, ct) is not { } figures)
            return;
        var update = figures.Update;
        if (!_published.TryGetValue(key, out var last) || last with { At = update.At } != update)
        {
            await bus.Publish(update, ct);
            _published[key] = update;
        }

        var state = _alerts.TryGetValue(key, out var s) && s.Day == update.Day ? s.State : AlertState.OnTarget;
        var decision = _policy.Evaluate(state, new LiveServiceLevel(figures.Day.ServiceLevelNumerator, figures.Day.ServiceLevelDenominator,
            figures.Recent.ServiceLevelNumerator, figures.Recent.ServiceLevelDenominator, figures.ElapsedFractionOfDay,
            figures.Contract.ServiceLevelTarget));
        var c = figures.Contract;
        if (decision.RaiseBreach)
            await bus.Publish(new SlaBreached(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, c.ServiceLevelTarget, c.ThresholdSeconds,
                c.Version, decision.RequiredForRestOfDay, update.At), ct);
        if (decision.RaiseRecovery)
            await bus.Publish(new SlaRecovered(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, c.ServiceLevelTarget, c.ThresholdSeconds,
                c.Version, update.At), ct);
        if (decision.RaiseAtRisk)
            await bus.Publish(new SlaAtRisk(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, decision.RecentServiceLevel,
                decision.ProjectedServiceLevel, c.ServiceLevelTarget, decision.RequiredForRestOfDay, c.ThresholdSeconds, c.Version, update.At), ct);
        _alerts[key] = (update.Day, decision.State);
    }
}
