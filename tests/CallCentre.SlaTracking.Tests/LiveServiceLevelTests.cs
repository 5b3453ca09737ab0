using System.Collections.Concurrent;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Live;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The platform with a clock stopped at 14:00 Paris on 10 Nov 2026 and the live tick slowed to an hour, so that
/// the tests decide when the monitor flushes; every published message is kept.</summary>
public sealed class LivePlatform : SlaPlatform
{
    public static readonly DateTimeOffset Now = Utc(2026, 11, 10, 13, 0);
    public ConcurrentQueue<object> Published { get; } = new();
    private int _observing;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sla:LiveInterval", "01:00:00");
        builder.UseSetting("Sla:MinimumCallsForAlerts", "2");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new ManualTime(Now)));
    }

    public LiveServiceLevelMonitor Monitor
    {
        get
        {
            if (Interlocked.Exchange(ref _observing, 1) == 0)
                Services.GetRequiredService<IBus>().ConnectPublishObserver(new Recorder(Published));
            return Services.GetRequiredService<LiveServiceLevelMonitor>();
        }
    }

    public List<T> PublishedFor<T>(string queue) where T : class =>
        Published.OfType<T>().Where(m => (string)typeof(T).GetProperty("QueueId")!.GetValue(m)! == queue).ToList();

    private sealed class Recorder(ConcurrentQueue<object> published) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;
        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            published.Enqueue(context.Message);
            return Task.CompletedTask;
        }
        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}

public sealed class LiveServiceLevelTests(LivePlatform platform) : IClassFixture<LivePlatform>
{
    private async Task RecordAsync(string tenant, string queue, DateTimeOffset queuedAt, double waitSeconds, Guid? id = null,
        string kind = ContactKinds.Voice)
    {
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(id ?? Guid.NewGuid(), tenant, queue, queuedAt,
            AnsweredAt: queuedAt.AddSeconds(waitSeconds), Kind: kind), default);
        platform.Monitor.MarkChanged(tenant, queue);
    }

    [Fact]
    public async Task ManyChangesBetweenTicks_PublishOneUpdate_AndNoneWhenNothingChanged()
    {
        const string tenant = "mosane-insurance", queue = "mosane-claims-fr";
        var monitor = platform.Monitor;
        var repeated = Guid.NewGuid();

        for (var i = 0; i < 20; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-30 + i), 5);
        await monitor.FlushAsync();
        await monitor.FlushAsync();
        await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-5), 5, repeated);
        await monitor.FlushAsync();
        await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-5), 5, repeated); // the same event again: same figures
        await monitor.FlushAsync();
        await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-4), 90, kind: ContactKinds.Chat); // not the queue's calls
        await monitor.FlushAsync();

        var updates = platform.PublishedFor<QueueServiceLevelUpdated>(queue);
        Assert.Equal([20, 21], updates.Select(u => u.Offered));
        Assert.All(updates, u => Assert.Equal((new DateOnly(2026, 11, 10), LivePlatform.Now, 30), (u.Day, u.At, u.ThresholdSeconds)));
    }

    [Fact]
    public async Task ServiceLevelBelowTarget_BreachesOnce_AndRecoversAboveTheMargin()
    {
        const string tenant = "lumiere-bank", queue = "lumiere-banking-fr";
        var monitor = platform.Monitor;

        for (var i = 0; i < 4; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-120 + i), 60);
        await monitor.FlushAsync();
        await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-100), 60);
        await monitor.FlushAsync();
        var breaches = platform.PublishedFor<SlaBreached>(queue);
        Assert.Empty(platform.PublishedFor<SlaRecovered>(queue));

        for (var i = 0; i < 40; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-90 + i), 3);
        await monitor.FlushAsync();

        var breach = Assert.Single(breaches);
        Assert.Equal((0.0, 0.8, 0, new DateOnly(2026, 11, 10)), (breach.ServiceLevel, breach.TargetServiceLevel, breach.ContractVersion, breach.Day));
        var recovery = Assert.Single(platform.PublishedFor<SlaRecovered>(queue));
        Assert.Equal(40.0 / 45, recovery.ServiceLevel, 9);
        Assert.Single(platform.PublishedFor<SlaBreached>(queue));
    }

    [Fact]
    public async Task OnTargetButSlippingRecently_RaisesAtRiskOnce()
    {
        const string tenant = "lumiere-bank", queue = "lumiere-banking-ar";
        var monitor = platform.Monitor;

        for (var i = 0; i < 10; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddHours(-4).AddMinutes(i), 5);  // earlier: all within
        for (var i = 0; i < 3; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-20 + i), 5);          // last half hour: 3 within…
        for (var i = 0; i < 2; i++)
            await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-10 + i), 90);         // …and 2 late
        await monitor.FlushAsync();
        await RecordAsync(tenant, queue, LivePlatform.Now.AddMinutes(-1), 5);
        await monitor.FlushAsync();

        var atRisk = Assert.Single(platform.PublishedFor<SlaAtRisk>(queue));
        Assert.Equal(13.0 / 15, atRisk.ServiceLevel, 9);
        Assert.Equal(0.6, atRisk.RecentServiceLevel, 9);
        Assert.True(atRisk.ProjectedServiceLevel < 0.8);
        Assert.Empty(platform.PublishedFor<SlaBreached>(queue));
    }
}
