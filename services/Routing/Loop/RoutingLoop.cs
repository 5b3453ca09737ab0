using System.Threading.Channels;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Routing.Loop;

/// <summary>The single writer around the pure engine: operations queue on a channel, run one after another in batches,
/// and their events are stored, then published, before the callers are answered. A timer ticks the engine (offer
/// timeouts, wrap-up) and publishes each changed queue's snapshot at most once a second.</summary>
public sealed class RoutingLoop(RoutingEngine engine, RoutingStore store, IBus bus, TimeProvider time, ILogger<RoutingLoop> logger,
    CentreTimeZone centreTimeZone, IEngineRecoveryStep? centreChanges = null)
    : BackgroundService
{
    private DateOnly _centreDay;
    private static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, DateTimeOffset> _lastSnapshot = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingSnapshots = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the loop has applied the stored centre changes and restored the live calls (readiness).</summary>
    public bool Recovered => _recovered.Task.IsCompleted;

    /// <summary>Runs <paramref name="operation"/> on the engine; completes once its events are stored and published.</summary>
    public Task<T> ExecuteAsync<T>(Func<RoutingEngine, DateTimeOffset, T> operation)
    {
        var work = new Work<T>(operation);
        if (!_work.Writer.TryWrite(work))
            throw new InvalidOperationException("Routing is stopping.");
        return work.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        _recovered.TrySetResult();
        _ = TickAsync(stoppingToken);
        var batch = new List<Work>();
        var reader = _work.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < 512 && reader.TryRead(out var item))
                    batch.Add(item);
                var now = time.GetUtcNow();
                foreach (var item in batch)
                    item.Run(engine, now);
                await FlushAsync(now, stoppingToken);
                foreach (var item in batch)
                    item.Complete();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        foreach (var item in batch)
            item.Fail(new OperationCanceledException("Routing stopped."));
    }

    /// <summary>Picks up where a previous process stopped: applies the stored queue and agent changes, publishes what it stored but may not have published, and
    /// rebuilds the waiting calls (in their place in line) and the agents' states.</summary>
    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        // The queues and agents an administrator changed come first: the live calls may wait in a queue created at run time.
        if (centreChanges is not null)
            await centreChanges.RestoreAsync(engine, time.GetUtcNow(), stoppingToken);
        var pending = await store.PendingAsync(stoppingToken);
        if (pending.Count > 0)
        {
            await PublishAsync(pending.Select(p => p.Message).ToList(), [], stoppingToken);
            await store.DeletePublishedAsync(pending.Select(p => p.Id).ToList(), stoppingToken);
            logger.LogInformation("Published {Count} routing events left by the previous process", pending.Count);
        }
        var (agents, calls) = await store.LoadAsync(stoppingToken);
        if (agents.Count == 0 && calls.Count == 0)
            return;
        var now = time.GetUtcNow();
        engine.Restore(agents, calls, now);
        await FlushAsync(now, stoppingToken);
        logger.LogInformation("Restored {Calls} live calls and {Agents} agent states", calls.Count, agents.Count);
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                _work.Writer.TryWrite(new Work<bool>((e, now) =>
                {
                    // "Today" for the fewest-calls and least-talk strategies is the centre's day.
                    var day = centreTimeZone.DateOf(now);
                    if (day != _centreDay)
                    {
                        if (_centreDay != default) e.ResetDailyCounters();
                        _centreDay = day;
                    }
                    e.Tick(now);
                    return true;
                }));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FlushAsync(DateTimeOffset now, CancellationToken stoppingToken)
    {
        var events = engine.DrainEvents();
        foreach (var queue in engine.DrainDirtyQueues())
            _pendingSnapshots.Add(queue);
        var snapshots = new List<object>();
        foreach (var queue in _pendingSnapshots.ToList())
        {
            if (_lastSnapshot.TryGetValue(queue, out var last) && now - last < SnapshotInterval)
                continue;
            _pendingSnapshots.Remove(queue);
            _lastSnapshot[queue] = now;
            snapshots.Add(engine.Snapshot(queue, now));
        }
        if (events.Count == 0 && snapshots.Count == 0)
            return;

        // The engine has moved on: its events must reach the store (with the outbox) and then the bus, so keep trying
        // while the process lives. A process killed in between publishes them on its next start.
        IReadOnlyList<long> outbox = [];
        for (var attempt = 1; events.Count > 0; attempt++)
        {
            try
            {
                outbox = await store.ApplyAsync(events, stoppingToken);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Could not store {Count} routing events (attempt {Attempt}); retrying", events.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        await PublishAsync(events, snapshots, stoppingToken);
        try
        {
            await store.DeletePublishedAsync(outbox, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not clear {Count} published events from the outbox; they will be published again", outbox.Count);
        }
    }

    private async Task PublishAsync(IReadOnlyList<object> events, IReadOnlyList<object> snapshots, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A publish whose broker died before confirming it never completes: give up on it and publish again.
                await Task.WhenAll(events.Concat(snapshots).Select(e => bus.Publish(e, stoppingToken))).WaitAsync(PublishTimeout, time, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Could not publish {Count} routing events (attempt {Attempt}); retrying", events.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private abstract class Work
    {
        public abstract void Run(RoutingEngine engine, DateTimeOffset now);
        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class Work<T>(Func<RoutingEngine, DateTimeOffset, T> operation) : Work
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;
        public Task<T> Task => _completion.Task;

        public override void Run(RoutingEngine engine, DateTimeOffset now)
        {
            try { _result = operation(engine, now); }
            catch (Exception e) { _error = e; }
        }

        public override void Complete()
        {
            if (_error is null) _completion.TrySetResult(_result!);
            else _completion.TrySetException(_error);
        }

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
