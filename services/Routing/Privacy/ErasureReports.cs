using System.Collections.Concurrent;
using CallCentre.Contracts.Privacy;
using MassTransit;

namespace CallCentre.Routing.Privacy;

/// <summary>The response address is this bus instance's: answers come back to the process that asked.</summary>
internal sealed class ErasureReports(IBus bus, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ErasureReported>> _pending = new();
    private readonly object _gate = new();
    private ConnectHandle? _handler;

    /// <summary>A module with several processes: their counts added up.</summary>
    public sealed record Collected(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Modules, IReadOnlyList<string> Missing);

    public async Task<Collected> PublishAndCollectAsync<T>(Guid requestId, T request, IReadOnlyCollection<string> expected, TimeSpan timeout,
        CancellationToken ct) where T : class
    {
        Connect();
        var answers = _pending.GetOrAdd(requestId, _ => new ConcurrentQueue<ErasureReported>());
        try
        {
            await bus.Publish(request, context => context.ResponseAddress = bus.Address, ct);
            var deadline = time.GetUtcNow() + timeout;
            while (expected.Any(m => answers.All(a => a.Module != m)) && time.GetUtcNow() < deadline)
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
            var modules = answers.GroupBy(a => a.Module).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g
                .SelectMany(a => a.Removed).GroupBy(kv => kv.Key).ToDictionary(k => k.Key, k => k.Sum(kv => kv.Value)));
            return new Collected(modules, expected.Where(m => !modules.ContainsKey(m)).ToList());
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private void Connect()
    {
        lock (_gate)
            _handler ??= bus.ConnectHandler<ErasureReported>(context =>
            {
                if (_pending.TryGetValue(context.Message.RequestId, out var answers))
                    answers.Enqueue(context.Message);
                return Task.CompletedTask;
            });
    }
}
