using System.Collections.Concurrent;
using CallCentre.Contracts.Scheduling;
using MassTransit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Scheduling's <see cref="IntradayStaffingUpdated"/> reaches a supervisor's wallboard connection over the bus, is given
/// again to a connection opened later, and a late redelivery never replaces a newer day.</summary>
public sealed class IntradayWallboardHubTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(settings: new Dictionary<string, string?> { ["Scheduling:PublishDemoSchedule"] = "false" });

    private static IntradayStaffingUpdated Day(DateTimeOffset at, int scheduled) => new("lumiere-bank", new DateOnly(2026, 11, 18), "Europe/Paris", 15, at,
        [new QueueIntraday("lumiere-banking-fr", 1.2, 1.0,
            [new IntradayInterval(new DateTimeOffset(2026, 11, 18, 13, 0, 0, TimeSpan.Zero), 25, null, 30, 200, 5, scheduled)])]);

    private async Task<(HubConnection Hub, ConcurrentQueue<IntradayStaffingUpdated> Received)> ConnectAsync()
    {
        var received = new ConcurrentQueue<IntradayStaffingUpdated>();
        var token = await _platform.TokenAsync("supervisor");
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_platform.Address, "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<IntradayStaffingUpdated>("Intraday", received.Enqueue);
        await hub.StartAsync();
        return (hub, received);
    }

    // The platform's own publisher sends today's days too, some without intervals.
    private static int? Scheduled(IntradayStaffingUpdated d) =>
        d.TenantId == "lumiere-bank" && d.Date == new DateOnly(2026, 11, 18) && d.Queues is [{ Intervals: [var first] }] ? first.ScheduledAgents : null;

    private static Task<IntradayStaffingUpdated> ScheduledAsync(ConcurrentQueue<IntradayStaffingUpdated> received, int agents, string what) =>
        TestInfrastructure.EventuallyAsync(() => Task.FromResult(received.LastOrDefault(d => Scheduled(d) == agents)), what);

    [Fact]
    public async Task TheLatestDayOfATenant_ReachesItsSupervisors_NowAndOnConnecting()
    {
        var (hub, received) = await ConnectAsync();
        await using var _ = hub;
        var bus = _platform.Services.GetRequiredService<IBus>();
        var at = DateTimeOffset.UtcNow;
        await bus.Publish(Day(at, scheduled: 2));
        var day = await ScheduledAsync(received, 2, "the day pushed to the open connection");
        Assert.Equal("lumiere-banking-fr", day.Queues[0].QueueId);
        Assert.Equal(5, day.Queues[0].Intervals[0].RequiredAgents);
        Assert.Equal(30, day.Queues[0].Intervals[0].ReforecastCalls);

        await bus.Publish(Day(at.AddMinutes(-15), scheduled: 0));   // older: dropped
        await bus.Publish(Day(at.AddMinutes(15), scheduled: 4));
        await ScheduledAsync(received, 4, "the newer day");
        Assert.DoesNotContain(received, d => Scheduled(d) == 0);

        var (later, laterReceived) = await ConnectAsync();
        await using var __ = later;
        var snapshot = await ScheduledAsync(laterReceived, 4, "the latest day given on connecting");
        Assert.Equal(at.AddMinutes(15), snapshot.At);
    }

    public void Dispose() => _platform.Dispose();
}
