using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Kamailio;

/// <summary>The one evapi connection; while it is down Kamailio refuses new calls (503), held calls keep waiting, and the
/// events of calls in progress are kept by Kamailio until the next connection asks for them (<c>replay</c>).</summary>
public sealed class KamailioControl(IOptions<TelephonyOptions> options, ILogger<KamailioControl> logger) : BackgroundService, IHealthCheck
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile NetworkStream? _stream;

    public Func<SipEvent, Task> OnEvent { get; set; } = _ => Task.CompletedTask;

    public Func<CancellationToken, Task> OnConnected { get; set; } = _ => Task.CompletedTask;

    public bool Connected => _stream is not null;

    public async Task SendAsync(SipCommand command, CancellationToken ct = default)
    {
        var stream = _stream ?? throw new IOException("Kamailio's control connection is down.");
        var frame = Netstring.Encode(JsonSerializer.Serialize(command));
        await _writeGate.WaitAsync(ct);
        try
        {
            await stream.WriteAsync(frame, ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (host, port) = options.Value.ControlEndpoint();
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(host, port, stoppingToken);
                logger.LogInformation("Kamailio control connected to {Host}:{Port}", host, port);
                delay = TimeSpan.FromMilliseconds(200);
                _stream = client.GetStream();
                await SendAsync(SipCommand.Replay, stoppingToken);
                // Kamailio's answers to what follows the replay are read meanwhile.
                _ = Task.Run(() => OnConnected(stoppingToken), stoppingToken).ContinueWith(
                    t => logger.LogError(t.Exception, "Telling Kamailio of the calls in progress failed"), TaskContinuationOptions.OnlyOnFaulted);
                await ReadAsync(PipeReader.Create(_stream), stoppingToken);
                logger.LogWarning("Kamailio closed the control connection");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
            {
                logger.LogWarning("Kamailio control connection to {Host}:{Port} failed: {Error}", host, port, e.Message);
            }
            finally
            {
                _stream = null;
            }
            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private async Task ReadAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            while (Netstring.TryRead(ref buffer, out var payload))
                Dispatch(payload);
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                return;
        }
    }

    private readonly Dictionary<string, Task> _pending = new(StringComparer.Ordinal);

    // One call's events run in the order Kamailio sent them; other calls do not wait on its Routing round trips.
    private void Dispatch(string payload)
    {
        SipEvent? sipEvent;
        try
        {
            sipEvent = JsonSerializer.Deserialize<SipEvent>(payload);
        }
        catch (JsonException e)
        {
            // Not the payload: an answered call's event names the caller.
            logger.LogWarning("Unreadable event from Kamailio ({Error}), {Length} characters", e.Message, payload.Length);
            return;
        }
        if (sipEvent is null || string.IsNullOrEmpty(sipEvent.CallId))
            return;
        lock (_pending)
        {
            var previous = _pending.GetValueOrDefault(sipEvent.CallId) ?? Task.CompletedTask;
            Task next = null!;
            next = previous.ContinueWith(async _ =>
            {
                try
                {
                    await OnEvent(sipEvent);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "SIP event {Event} for {SipCallId} failed", sipEvent.Event, sipEvent.CallId);
                }
                finally
                {
                    lock (_pending)
                        if (_pending.TryGetValue(sipEvent.CallId, out var last) && last == next)
                            _pending.Remove(sipEvent.CallId);
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _pending[sipEvent.CallId] = next;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Connected ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"Not connected to Kamailio at {options.Value.Control}."));
}
