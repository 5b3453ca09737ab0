using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Routing.Loop;

/// <summary>The single writer around the pure engine (docs/routing.md); it serves only while this process holds the lease.</summary>
public sealed class RoutingLoop(RoutingEngine engine, RoutingStore store, IBus bus, TimeProvider time, ILogger<RoutingLoop> logger,
    CentreTimeZone centreTimeZone, RoutingLease lease, CentreCatalog catalog, IEngineRecoveryStep? centreChanges = null,
    RoutingPartitions? partitions = null)
    : BackgroundService
{
    public const string MeterName = "CallCentre.Routing";
    private static readonly Meter Meter = new(MeterName);
    // Where a batch's time goes: engine, store, publish, wait (for the previous batch's publish); docs/deploy.md, The call path.
    private static readonly Histogram<double> Phase = Meter.CreateHistogram<double>("callcentre.routing.loop.phase", "ms");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("callcentre.routing.loop.batch", "{operation}");
    private DateOnly _centreDay;
    private readonly List<long> _published = [];
    private static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private readonly object _gate = new();
    private Channel<Work>? _work;
    private volatile LeaseTerm? _term;
    private volatile bool _recovered;
    private readonly Dictionary<string, DateTimeOffset> _lastSnapshot = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingSnapshots = new(StringComparer.Ordinal);

    /// <summary>Whether the loop is active and has applied the stored centre changes and restored the live calls (readiness).</summary>
    public bool Recovered => _recovered;

    public bool IsActive => _term is not null;

    public LeaseTerm? Term => _term;

    /// <summary>The current term, or null without a lease; throws <see cref="RoutingNotActiveException"/> while standing by.</summary>
    public LeaseTerm? WriteFence() => _term is { } term
        ? lease.Fenced ? term : null
        : throw new RoutingNotActiveException($"This Routing process stands by for partition '{lease.Partition}'.");

    /// <summary>Completes once the operation's events are stored and published.</summary>
    public Task<T> ExecuteAsync<T>(Func<RoutingEngine, DateTimeOffset, T> operation)
    {
        var work = new Work<T>(operation);
        lock (_gate)
        {
            if (_work is null)
                throw new RoutingNotActiveException($"This Routing process stands by for partition '{lease.Partition}'.");
            if (!_work.Writer.TryWrite(work))
                throw new InvalidOperationException("Routing is stopping.");
        }
        return work.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lease.Fenced)
            await PrepareTakeoverAsync(stoppingToken);
        var current = engine;
        for (var term = 1; !stoppingToken.IsCancellationRequested; term++)
        {
            LeaseTerm held;
            try
            {
                // Embedded (no lease): completes at once, so the loop takes work before the host has finished starting.
                held = await lease.AcquireAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // A later term starts from the store alone: whatever the engine held when the last term ended may never have been stored.
            if (term > 1)
                current = NewEngine();
            var channel = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
            lock (_gate)
            {
                _work = channel;
                _term = held;
            }
            using var termEnd = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var keeping = KeepLeaseAsync(held, termEnd);
            try
            {
                await ServeAsync(current, channel, held, termEnd.Token);
            }
            catch (OperationCanceledException) when (termEnd.IsCancellationRequested)
            {
            }
            catch (RoutingNotActiveException e)
            {
                logger.LogWarning("{Reason} Nothing of it was published", e.Message);
            }
            finally
            {
                StepDown(channel);
                await termEnd.CancelAsync();
                await keeping;
            }
            if (stoppingToken.IsCancellationRequested)
            {
                await lease.ReleaseAsync(held);
                return;
            }
            logger.LogWarning("Routing stepped down from partition {Partition} (token {Token}) and stands by", held.Partition, held.Token);
        }
    }

    /// <summary>Warms the takeover path on a scratch engine, so that a standby spends its takeover restoring, not compiling.</summary>
    private async Task PrepareTakeoverAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.PendingAsync(stoppingToken);
            var (agents, calls) = Own(await store.LoadAsync(stoppingToken));
            var scratch = NewEngine();
            var now = time.GetUtcNow();
            scratch.Restore(agents, calls, now);
            scratch.DrainEvents();
            foreach (var queue in scratch.DrainDirtyQueues())
                scratch.Snapshot(queue, now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Could not rehearse the takeover; it will be slower");
        }
    }

    private RoutingEngine NewEngine() => RoutingModule.CreateEngine(partitions?.Slice(catalog.Current) ?? catalog.Current);

    /// <summary>The stored calls and agents of this process's partition; the other partitions' processes restore theirs.</summary>
    private (IReadOnlyList<RestoredAgent> Agents, IReadOnlyList<RestoredCall> Calls) Own(
        (IReadOnlyList<RestoredAgent> Agents, IReadOnlyList<RestoredCall> Calls) stored)
    {
        if (partitions is not { Partitioned: true })
            return stored;
        var centre = catalog.Current;
        return (stored.Agents.Where(a => partitions.OfAgent(centre, a.AgentId) is { } p && partitions.IsLocal(p)).ToList(),
            stored.Calls.Where(c => partitions.OfQueue(centre, c.QueueId) is { } p && partitions.IsLocal(p)).ToList());
    }

    private async Task KeepLeaseAsync(LeaseTerm term, CancellationTokenSource termEnd)
    {
        await lease.KeepAsync(term, termEnd.Token);
        await termEnd.CancelAsync();
    }

    /// <summary>Ends the term: nothing new is taken, and whatever waits for the loop is refused (the caller may try again).</summary>
    private void StepDown(Channel<Work> channel)
    {
        lock (_gate)
        {
            _work = null;
            _term = null;
            _recovered = false;
        }
        channel.Writer.TryComplete();
        while (channel.Reader.TryRead(out var item))
            item.Fail(new RoutingNotActiveException($"Routing stepped down for partition '{lease.Partition}'."));
        _lastSnapshot.Clear();
        _pendingSnapshots.Clear();
        _published.Clear();
        _centreDay = default;
    }

    private async Task ServeAsync(RoutingEngine engine, Channel<Work> work, LeaseTerm term, CancellationToken ct)
    {
        await RecoverAsync(engine, term, ct);
        _recovered = true;
        _ = TickAsync(work.Writer, ct);
        var batch = new List<Work>();
        // Batch n is published while batch n+1 runs and commits; n+1 is published only once n is, so the order holds.
        (Task Publishing, List<Work> Items, IReadOnlyList<long> Outbox)? inFlight = null;
        var reader = work.Reader;
        try
        {
            while (true)
            {
                if (inFlight is { } idle && !reader.TryPeek(out _))
                {
                    await FinishAsync(idle, ct);
                    inFlight = null;
                    await ClearPublishedAsync(ct);
                }
                if (!await reader.WaitToReadAsync(ct))
                    break;
                batch = [];
                while (batch.Count < 512 && reader.TryRead(out var item))
                    batch.Add(item);
                var started = Stopwatch.GetTimestamp();
                var now = time.GetUtcNow();
                foreach (var item in batch)
                    item.Run(engine, now);
                Phase.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "engine"));
                BatchSize.Record(batch.Count);
                var stored = await StoreAsync(engine, term, now, ct);
                if (inFlight is { } previous)
                {
                    var waiting = Stopwatch.GetTimestamp();
                    await FinishAsync(previous, ct);
                    inFlight = null;
                    Phase.Record(Stopwatch.GetElapsedTime(waiting).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "wait"));
                }
                inFlight = (PublishAndAnswerAsync(stored, batch, ct), batch, stored.Outbox);
                batch = [];
            }
        }
        finally
        {
            foreach (var item in inFlight?.Items.Concat(batch) ?? batch)
                item.Fail(new RoutingNotActiveException($"Routing stopped serving partition '{lease.Partition}'; nothing was recorded."));
        }
    }

    /// <summary>A batch's requests are answered once its events are published, whatever the next batch's commit meets.</summary>
    private async Task PublishAndAnswerAsync(Stored stored, List<Work> items, CancellationToken ct)
    {
        await PublishAsync(stored.Events, stored.Snapshots, ct);
        foreach (var item in items)
            item.Complete();
    }

    private async Task FinishAsync((Task Publishing, List<Work> Items, IReadOnlyList<long> Outbox) batch, CancellationToken ct)
    {
        await batch.Publishing.WaitAsync(ct);
        _published.AddRange(batch.Outbox);
    }

    private async Task ClearPublishedAsync(CancellationToken ct)
    {
        try
        {
            await store.DeletePublishedAsync(_published, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not clear {Count} published events from the outbox; they will be published again", _published.Count);
        }
        _published.Clear();
    }

    private async Task RecoverAsync(RoutingEngine engine, LeaseTerm term, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        // The queues and agents an administrator changed come first: the live calls may wait in a queue created at run time.
        if (centreChanges is not null)
            await centreChanges.RestoreAsync(engine, time.GetUtcNow(), stoppingToken);
        var replayed = Stopwatch.GetElapsedTime(started);
        var pending = await store.PendingAsync(stoppingToken);
        if (pending.Count > 0)
        {
            await PublishAsync(pending.Select(p => p.Message).ToList(), [], stoppingToken);
            await store.DeletePublishedAsync(pending.Select(p => p.Id).ToList(), stoppingToken);
        }
        var republished = Stopwatch.GetElapsedTime(started);
        var (agents, calls) = Own(await store.LoadAsync(stoppingToken));
        if (agents.Count > 0 || calls.Count > 0)
        {
            var now = time.GetUtcNow();
            engine.Restore(agents, calls, now);
            await FlushAsync(engine, term, now, stoppingToken);
        }
        logger.LogInformation("Routing recovered partition {Partition} in {Total:F0} ms: centre changes {Replay:F0} ms, {Pending} events left by " +
            "the previous process published in {Republish:F0} ms, {Calls} live calls and {Agents} agent states restored and stored in {Restore:F0} ms",
            term.Partition, Stopwatch.GetElapsedTime(started).TotalMilliseconds, replayed.TotalMilliseconds, pending.Count,
            (republished - replayed).TotalMilliseconds, calls.Count, agents.Count, (Stopwatch.GetElapsedTime(started) - republished).TotalMilliseconds);
    }

    private async Task TickAsync(ChannelWriter<Work> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                work.TryWrite(new Work<bool>((e, now) =>
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

    private async Task FlushAsync(RoutingEngine engine, LeaseTerm term, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var stored = await StoreAsync(engine, term, now, stoppingToken);
        await PublishAsync(stored.Events, stored.Snapshots, stoppingToken);
        _published.AddRange(stored.Outbox);
        await ClearPublishedAsync(stoppingToken);
    }

    private sealed record Stored(IReadOnlyList<object> Events, IReadOnlyList<object> Snapshots, IReadOnlyList<long> Outbox);

    private async Task<Stored> StoreAsync(RoutingEngine engine, LeaseTerm term, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var events = engine.DrainEvents();
        foreach (var queue in engine.DrainDirtyQueues())
            _pendingSnapshots.Add(queue);
        var snapshots = new List<object>();
        var due = new List<string>();
        foreach (var queue in _pendingSnapshots.ToList())
        {
            if (_lastSnapshot.TryGetValue(queue, out var last) && now - last < SnapshotInterval)
                continue;
            _pendingSnapshots.Remove(queue);
            _lastSnapshot[queue] = now;
            due.Add(queue);
            snapshots.Add(engine.Snapshot(queue, now));
        }
        if (events.Count == 0 && snapshots.Count == 0)
            return new Stored([], [], []);

        // The engine has moved on: its events must reach the store (with the outbox) and then the bus, so keep trying
        // while the term lasts. A process killed in between publishes them on its next start, or its successor does.
        // Publishes follow a fenced write only: a former leader that lost the lease publishes nothing.
        var fence = lease.Fenced ? term : null;
        IReadOnlyList<long> outbox = [];
        for (var attempt = 1; events.Count > 0; attempt++)
        {
            try
            {
                outbox = await store.ApplyAsync(events, fence, stoppingToken, _published);
                _published.Clear();
                break;
            }
            catch (Exception e) when (e is not RoutingNotActiveException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Could not store {Count} routing events (attempt {Attempt}); retrying", events.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        if (events.Count == 0)
        {
            try
            {
                await store.CheckFenceAsync(fence, stoppingToken);
            }
            catch (Exception e) when (e is not RoutingNotActiveException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not check the routing lease; the queue snapshots wait for the next flush");
                foreach (var queue in due)
                {
                    _pendingSnapshots.Add(queue);
                    _lastSnapshot.Remove(queue);
                }
                return new Stored([], [], []);
            }
        }
        Phase.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "store"));
        return new Stored(events, snapshots, outbox);
    }

    private async Task PublishAsync(IReadOnlyList<object> events, IReadOnlyList<object> snapshots, CancellationToken stoppingToken)
    {
        if (events.Count == 0 && snapshots.Count == 0)
            return;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A publish whose broker died before confirming it never completes: give up on it and publish again.
                await Task.WhenAll(events.Concat(snapshots).Select(e => bus.Publish(e, stoppingToken))).WaitAsync(PublishTimeout, time, stoppingToken);
                Phase.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "publish"));
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
