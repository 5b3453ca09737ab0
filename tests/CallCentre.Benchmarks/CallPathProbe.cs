using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace CallCentre.Benchmarks;

/// <summary>A tap on Routing's <c>CallOffered</c> exchange, for the breakdown: a queue of its own (exclusive, auto-deleted),
/// auto-ack, reading only the MassTransit envelope's <c>sentTime</c> (when Routing published, after its database commit)
/// and the call id. It takes a copy; the Dashboard's queue is not touched.</summary>
internal sealed class CallPathProbe : IAsyncDisposable
{
    private const string Exchange = "CallCentre.Contracts.Routing:CallOffered";
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>When Routing published each call's offer.</summary>
    public ConcurrentDictionary<Guid, DateTimeOffset> Published { get; } = new();

    public async Task StartAsync(string rabbitUri)
    {
        _connection = await new ConnectionFactory { Uri = new Uri(rabbitUri), ClientProvidedName = "callpath-bench-probe" }.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
        // Routing declared the exchange when it started (its publish topology); fanout, like every MassTransit message exchange.
        await _channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true);
        var queue = await _channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await _channel.QueueBindAsync(queue.QueueName, Exchange, "");
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var root = envelope.RootElement;
            if (root.TryGetProperty("sentTime", out var sent) && root.TryGetProperty("message", out var message) &&
                message.TryGetProperty("callId", out var callId))
                Published.TryAdd(callId.GetGuid(), sent.GetDateTimeOffset());
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
