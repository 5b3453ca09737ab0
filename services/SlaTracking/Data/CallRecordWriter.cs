using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CallCentre.SlaTracking.Data;

/// <summary>Group commit, by one writer also on PostgreSQL so that acknowledgements go in delivery order (docs/sla.md, Benchmarks).</summary>
public sealed class CallRecordWriter : IAsyncDisposable
{
    public const int MaxBatch = 500;
    private readonly CallRecordStore _store;
    private readonly ILogger<CallRecordWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lazy<Task> _writer;

    public CallRecordWriter(CallRecordStore store, ILogger<CallRecordWriter> logger)
    {
        _store = store;
        _logger = logger;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
    }

    public Task<(string TenantId, string QueueId)> WriteAsync(CallRecordStore.CallFacts facts, CancellationToken ct = default)
    {
        _ = _writer.Value;
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
        if (_writer.IsValueCreated)
            await _writer.Value;
    }

    private sealed record Pending(CallRecordStore.CallFacts Facts, TaskCompletionSource<(string, string)> Done);
}
