using System.Threading.Channels;
using CallCentre.Hosting.Data;
using Microsoft.Extensions.Logging;

namespace CallCentre.SlaTracking.Data;

/// <summary>Group commit for the call-event consumer: the facts of the messages being consumed at the same moment are written
/// together, up to <see cref="MaxBatch"/> per transaction (<see cref="CallRecordStore.UpsertManyAsync"/>), by
/// <see cref="Writers"/> writers side by side (one on SQLite, which has one writer at a time). Each caller's task completes
/// once its facts are committed, so a message is acknowledged only after its transaction (at least once, as before). When a
/// batch fails, its facts are written again one by one, so that one bad fact fails only its own message.</summary>
public sealed class CallRecordWriter : IAsyncDisposable
{
    public const int MaxBatch = 500;
    private readonly CallRecordStore _store;
    private readonly ILogger<CallRecordWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lazy<Task[]> _writers;

    public CallRecordWriter(CallRecordStore store, ModuleDatabase<SlaTrackingModule> database, ILogger<CallRecordWriter> logger)
    {
        _store = store;
        _logger = logger;
        Writers = database.Provider == DatabaseProvider.Postgres ? 4 : 1;
        _writers = new Lazy<Task[]>(() => Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray());
    }

    public int Writers { get; }

    /// <summary>Records <paramref name="facts"/>; returns the tenant and queue the call counts in, once committed.</summary>
    public Task<(string TenantId, string QueueId)> WriteAsync(CallRecordStore.CallFacts facts, CancellationToken ct = default)
    {
        _ = _writers.Value;
        var pending = new Pending(facts, new TaskCompletionSource<(string, string)>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(CallRecordWriter));
        // The caller may stop waiting (its message is then redelivered); the write itself still completes or fails on its own.
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            if (batch.Count == 0)
                continue;
            try
            {
                var countsIn = await _store.UpsertManyAsync(batch.Select(p => p.Facts).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(countsIn[i]);
            }
            catch (Exception batchError) when (batch.Count == 1)
            {
                batch[0].Done.TrySetException(batchError);
            }
            catch (Exception batchError)
            {
                _logger.LogWarning(batchError, "A batch of {Count} call events failed; writing them one by one", batch.Count);
                foreach (var p in batch)
                {
                    try
                    {
                        p.Done.TrySetResult(await _store.UpsertAsync(p.Facts, CancellationToken.None));
                    }
                    catch (Exception e)
                    {
                        p.Done.TrySetException(e);
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writers.IsValueCreated)
            await Task.WhenAll(_writers.Value);
    }

    private sealed record Pending(CallRecordStore.CallFacts Facts, TaskCompletionSource<(string, string)> Done);
}
