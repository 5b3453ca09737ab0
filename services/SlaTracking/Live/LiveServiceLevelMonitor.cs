using System.Collections.Concurrent;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Live;

/// <summary>Alert states live in the database, so that replicas and a restarted process raise each alert once (docs/sla.md, Live figures and alerts).</summary>
public sealed class LiveServiceLevelMonitor(
    TodayServiceLevel today, AlertStateStore alerts, AlertOutbox<SlaTrackingModule> outbox, IBus bus, TimeProvider time,
    IOptions<SlaOptions> options, ILogger<LiveServiceLevelMonitor> logger)
    : BackgroundService
{
    // A state changed by another replica between the read and the write is read again; more than a few rounds means the
    // replicas disagree on the figures, and the next tick decides.
    private const int StateRounds = 3;

    private readonly ConcurrentDictionary<(string Tenant, string Queue), byte> _changed = new();
    private readonly Dictionary<(string Tenant, string Queue), QueueServiceLevelUpdated> _published = new();
    private readonly ServiceLevelAlertPolicy _policy = new(options.Value.Hysteresis, options.Value.MinimumCallsForAlerts);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public void MarkChanged(string tenantId, string queueId) => _changed.TryAdd((tenantId, queueId), 0);

    /// <summary>A tenant erasure: its alert states go with the tenant's data.</summary>
    public async Task<int> ForgetTenantAsync(string tenantId, CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            foreach (var key in _changed.Keys.Where(k => k.Tenant == tenantId).ToList())
                _changed.TryRemove(key, out _);
            var queues = _published.Keys.Where(k => k.Tenant == tenantId).ToList();
            foreach (var key in queues)
                _published.Remove(key);
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
            {
                await FlushAsync(stoppingToken);
                await TidyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

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

        var c = figures.Contract;
        var live = new LiveServiceLevel(figures.Day.ServiceLevelNumerator, figures.Day.ServiceLevelDenominator,
            figures.Recent.ServiceLevelNumerator, figures.Recent.ServiceLevelDenominator, figures.ElapsedFractionOfDay, c.ServiceLevelTarget);
        for (var round = 0; round < StateRounds; round++)
        {
            var read = await alerts.ReadAsync(key.Tenant, key.Queue, update.Day, ct);
            var decision = _policy.Evaluate(read.State, live);
            if (decision.State == read.State)
                return;
            var raised = new List<object>();
            if (decision.RaiseBreach)
                raised.Add(new SlaBreached(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, c.ServiceLevelTarget, c.ThresholdSeconds,
                    c.Version, decision.RequiredForRestOfDay, update.At));
            if (decision.RaiseRecovery)
                raised.Add(new SlaRecovered(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, c.ServiceLevelTarget, c.ThresholdSeconds,
                    c.Version, update.At));
            if (decision.RaiseAtRisk)
                raised.Add(new SlaAtRisk(key.Tenant, key.Queue, update.Day, decision.ServiceLevel, decision.RecentServiceLevel,
                    decision.ProjectedServiceLevel, c.ServiceLevelTarget, decision.RequiredForRestOfDay, c.ThresholdSeconds, c.Version, update.At));
            if (await alerts.ChangeAsync(key.Tenant, key.Queue, update.Day, read, decision.State, raised, update.At, ct) is { } ids)
            {
                await outbox.PublishAsync(ids, ct);
                return;
            }
        }
    }

    /// <summary>Publishes alerts stored but not published, and at most hourly deletes past days' states.</summary>
    public async Task TidyAsync(CancellationToken ct = default)
    {
        try
        {
            await outbox.PublishPendingAsync(ct);
            var now = time.GetUtcNow();
            if (now - _lastPurge >= TimeSpan.FromHours(1))
            {
                // Two days back covers every tenant's "today", whatever its zone.
                await alerts.PurgeAsync(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2), ct);
                _lastPurge = now;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not publish the pending alerts; retrying at the next tick");
        }
    }
}
