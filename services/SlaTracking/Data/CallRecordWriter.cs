using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CallCentre.SlaTracking.Data;

/// <summary>Group commit for the call-event consumer: the facts of the messages being consumed at the same moment are written
/// together, up to <see cref="MaxBatch"/> per transaction (<see cref="CallRecordStore.UpsertManyAsync"/>), by one writer, so
/// batches commit one after the other and their callers complete in the order the events arrived. Each caller's task completes
/// once its facts are committed, so a message is acknowledged only after its transaction (at least once, as before). When a
/// batch fails, its facts are written again one by one, so that one bad fact fails only its own message.
/// <para>One writer, also on PostgreSQL: the consumer acknowledges each message as its call returns, and RabbitMQ (3.10) finds
/// an acknowledged delivery by walking its channel's unacknowledged deliveries from the oldest, so acknowledgements in
/// delivery order cost it one step each and out of order up to the whole prefetch window each. With four writers committing
/// side by side the broker spent ~155 µs of CPU per event, with one ~110 µs, and the backlog drained a quarter faster
/// (docs/sla.md, "Benchmarks").</para></summary>
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

    /// <summary>Records <paramref name="facts"/>; returns the tenant and queue the call counts in, once committed.</summary>
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
