using System.Diagnostics;
using MassTransit;
using MassTransit.Metadata;
using MassTransit.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace CallCentre.Benchmarks;

/// <summary>The SLA ingest's ceiling on this broker: a plain RabbitMQ.Client publisher and consumer moving the same messages
/// (the bench's call events in MassTransit's JSON envelope) with what the platform pays for (persistent messages, publisher
/// confirms with the same number in flight, manual acknowledgements one by one, the consumer's prefetch), and no work in the
/// consumer. Run in the same <c>sla ingest</c> run as the platform, so both see the same machine.</summary>
internal sealed class SlaBaselineBench(string rabbit, ushort prefetch, int window)
{
    /// <summary>A counted run: events/s and the CPU time per event of this process (publisher and consumer) and the broker.</summary>
    public sealed record Result(double EventsPerSecond, double ProcessMicroseconds, double BrokerMicroseconds);

    /// <summary>Publishing and consuming at once, timed from the first publish until the consumer acknowledged the last.</summary>
    public async Task<Result> EndToEndAsync(IReadOnlyList<object> events)
    {
        await using var connection = await ConnectAsync();
        var queue = await DeclareQueueAsync(connection);
        var bodies = Serialise(events, queue);
        var meter = new CpuMeter(Environment.ProcessId, "", RabbitPort());
        await using var consumer = await PlainConsumer.StartAsync(connection, queue, prefetch, bodies.Count);
        meter.Start();
        var sw = Stopwatch.StartNew();
        await PublishAsync(connection, queue, bodies);
        await consumer.Done.WaitAsync(TimeSpan.FromMinutes(15));
        sw.Stop();
        meter.Stop();
        return ResultOf(bodies.Count, sw.Elapsed.TotalSeconds, meter);
    }

    /// <summary>The events published first with no consumer, then drained: timed from the first delivery to the last.</summary>
    public async Task<Result> DrainAsync(IReadOnlyList<object> events)
    {
        await using var connection = await ConnectAsync();
        var queue = await DeclareQueueAsync(connection);
        var bodies = Serialise(events, queue);
        await PublishAsync(connection, queue, bodies);
        var meter = new CpuMeter(Environment.ProcessId, "", RabbitPort());
        meter.Start();
        await using var consumer = await PlainConsumer.StartAsync(connection, queue, prefetch, bodies.Count);
        await consumer.Done.WaitAsync(TimeSpan.FromMinutes(15));
        meter.Stop();
        return ResultOf(bodies.Count, (consumer.LastAt - consumer.FirstAt).TotalSeconds, meter);
    }

    private static Result ResultOf(int events, double seconds, CpuMeter meter)
    {
        var (process, _, broker) = meter.Elapsed();
        return new Result(events / seconds, process * 1e6 / events, broker * 1e6 / events);
    }

    private int RabbitPort() => new Uri(rabbit).Port;

    private Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = new Uri(rabbit) }.CreateConnectionAsync();

    private static async Task<string> DeclareQueueAsync(IConnection connection)
    {
        await using var channel = await connection.CreateChannelAsync();
        var queue = "slabench-baseline-" + Guid.NewGuid().ToString("N")[..8];
        // Durable and classic, as MassTransit declares the SlaTracking endpoint's queue; deleted when the run ends.
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
        return queue;
    }

    /// <summary>Each event in the envelope MassTransit's System.Text.Json serialiser writes, with the same addresses and headers
    /// kinds, so that the broker moves the same bytes.</summary>
    private List<ReadOnlyMemory<byte>> Serialise(IReadOnlyList<object> events, string queue)
    {
        var host = new Uri(rabbit);
        var source = new Uri($"rabbitmq://{host.Host}:{host.Port}/slabench_bus_{Guid.NewGuid():N}?temporary=true");
        return events.Select(m => (ReadOnlyMemory<byte>)System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new JsonMessageEnvelope
        {
            MessageId = NewId.NextGuid().ToString(),
            ConversationId = NewId.NextGuid().ToString(),
            SourceAddress = source.ToString(),
            DestinationAddress = $"rabbitmq://{host.Host}:{host.Port}/{queue}",
            MessageType = [MessageUrn.ForTypeString(m.GetType())],
            Message = m,
            SentTime = DateTime.UtcNow,
            Headers = new Dictionary<string, object?>(),
            Host = HostMetadataCache.Host,
        }, SystemTextJsonMessageSerializer.Options)).ToList();
    }

    private async Task PublishAsync(IConnection connection, string queue, List<ReadOnlyMemory<byte>> bodies)
    {
        // Confirms tracked by the client (each publish completes when the broker confirmed it); the window is ours, as in the
        // platform's publisher.
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
        using var inFlight = new SemaphoreSlim(window);
        var pending = new List<Task>(bodies.Count);
        foreach (var body in bodies)
        {
            await inFlight.WaitAsync();
            var properties = new BasicProperties
            {
                Persistent = true, ContentType = "application/vnd.masstransit+json", MessageId = NewId.NextGuid().ToString(),
            };
            pending.Add(PublishOneAsync(channel, queue, properties, body, inFlight));
        }
        await Task.WhenAll(pending);
    }

    private static async Task PublishOneAsync(IChannel channel, string queue, BasicProperties properties, ReadOnlyMemory<byte> body,
        SemaphoreSlim inFlight)
    {
        try
        {
            await channel.BasicPublishAsync("", queue, mandatory: false, properties, body);
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>Acknowledges every delivery, one by one, and does nothing else.</summary>
    private sealed class PlainConsumer : IAsyncDisposable
    {
        private readonly IChannel _channel;
        private readonly int _expected;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;

        private PlainConsumer(IChannel channel, int expected) => (_channel, _expected) = (channel, expected);

        public Task Done => _done.Task;
        public DateTimeOffset FirstAt { get; private set; }
        public DateTimeOffset LastAt { get; private set; }

        public static async Task<PlainConsumer> StartAsync(IConnection connection, string queue, ushort prefetch, int expected)
        {
            var channel = await connection.CreateChannelAsync();
            await channel.BasicQosAsync(0, prefetch, global: false);
            var consumer = new PlainConsumer(channel, expected);
            var basic = new AsyncEventingBasicConsumer(channel);
            basic.ReceivedAsync += consumer.OnReceivedAsync;
            await channel.BasicConsumeAsync(queue, autoAck: false, basic);
            return consumer;
        }

        private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
        {
            if (_received == 0)
                FirstAt = DateTimeOffset.UtcNow;
            await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (++_received == _expected)
            {
                LastAt = DateTimeOffset.UtcNow;
                _done.TrySetResult();
            }
        }

        public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
    }
}
