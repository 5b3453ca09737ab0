using System.Collections.Concurrent;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Messaging;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Live;
using CallCentre.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>SlaTracking with its clock stopped at 14:00 Paris on 10 Nov 2026 and the live tick slowed to an hour; every
/// published message is kept with its message id. Further monitors on the same database stand for other replicas, or for
/// the process after a restart.</summary>
public abstract class AlertReplicaPlatform : SlaPlatform
{
    internal ManualTime Clock { get; } = new(LivePlatform.Now);
    public ConcurrentQueue<(Guid? MessageId, object Message)> Published { get; } = new();
    private int _observing;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sla:LiveInterval", "01:00:00");
        builder.UseSetting("Sla:MinimumCallsForAlerts", "2");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A monitor of its own, as another replica (or a restarted process) has, on the shared database and bus.</summary>
    public LiveServiceLevelMonitor NewReplica()
    {
        if (Interlocked.Exchange(ref _observing, 1) == 0)
            Services.GetRequiredService<IBus>().ConnectPublishObserver(new Recorder(Published));
        return ActivatorUtilities.CreateInstance<LiveServiceLevelMonitor>(Services);
    }

    public List<T> PublishedFor<T>(string queue) where T : class =>
        Published.Select(p => p.Message).OfType<T>().Where(m => (string)typeof(T).GetProperty("QueueId")!.GetValue(m)! == queue).ToList();

    private sealed class Recorder(ConcurrentQueue<(Guid?, object)> published) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;
        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            published.Enqueue((context.MessageId, context.Message));
            return Task.CompletedTask;
        }
        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}

public sealed class SqliteAlertReplicaPlatform : AlertReplicaPlatform;

/// <summary>The same on a PostgreSQL database of its own (dropped afterwards).</summary>
public sealed class PostgresAlertReplicaPlatform : AlertReplicaPlatform
{
    private readonly string _name = "sla_replicas_" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:SlaTracking",
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _name }.ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>Breach, recovery and "at risk" raised once across SlaTracking replicas and restarts: the alert state is in the
/// database, and only the replica whose conditional write won publishes (one queue per test, the platform is shared).</summary>
public abstract class AlertReplicaTests<TPlatform>(TPlatform platform) : IClassFixture<TPlatform> where TPlatform : AlertReplicaPlatform
{
    private const string Tenant = "helvet-telecom";

    private async Task RecordAsync(string queue, int calls, double waitSeconds, int minutesAgo, params LiveServiceLevelMonitor[] replicas)
    {
        for (var i = 0; i < calls; i++)
        {
            var queuedAt = platform.Clock.Now.AddMinutes(-minutesAgo).AddSeconds(i);
            await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), Tenant, queue, queuedAt,
                AnsweredAt: queuedAt.AddSeconds(waitSeconds)), default);
        }
        foreach (var replica in replicas)
            replica.MarkChanged(Tenant, queue);
    }

    [Fact]
    public async Task TwoReplicas_FlushingTheSameBreachAtOnce_RaiseItOnce()
    {
        const string queue = "helvet-support-de";
        var (a, b) = (platform.NewReplica(), platform.NewReplica());

        for (var round = 0; round < 5; round++)
        {
            await RecordAsync(queue, 3, 90, 120 - round, a, b);
            await Task.WhenAll(Task.Run(() => a.FlushAsync()), Task.Run(() => b.FlushAsync()));
        }

        var breach = Assert.Single(platform.PublishedFor<SlaBreached>(queue));
        Assert.Equal((0.0, new DateOnly(2026, 11, 10)), (breach.ServiceLevel, breach.Day));
        Assert.Empty(platform.PublishedFor<SlaRecovered>(queue));
        Assert.Empty(platform.PublishedFor<SlaAtRisk>(queue));
    }

    [Fact]
    public async Task ARestartedProcess_RaisesNothingAlreadyRaised()
    {
        const string queue = "helvet-support-fr";
        var before = platform.NewReplica();
        await RecordAsync(queue, 4, 90, 100, before);
        await before.FlushAsync();
        Assert.Single(platform.PublishedFor<SlaBreached>(queue));

        var restarted = platform.NewReplica(); // nothing in memory: only the database says the queue is breached
        await RecordAsync(queue, 1, 90, 50, restarted);
        await restarted.FlushAsync();

        Assert.Single(platform.PublishedFor<SlaBreached>(queue));
        Assert.Equal(2, platform.PublishedFor<QueueServiceLevelUpdated>(queue).Count);
    }

    [Fact]
    public async Task ABreachThatRecoversAndComesBack_IsRaisedAgain_WhicheverReplicaSeesIt()
    {
        const string queue = "helvet-support-en";
        var (a, b) = (platform.NewReplica(), platform.NewReplica());

        await RecordAsync(queue, 4, 90, 200, a, b);
        await Task.WhenAll(a.FlushAsync(), b.FlushAsync());
        await RecordAsync(queue, 60, 2, 150, a, b); // 60 of 64 within: above the target and its margin
        await Task.WhenAll(a.FlushAsync(), b.FlushAsync());
        await RecordAsync(queue, 60, 90, 100, b, a); // 60 of 124 within: breached again
        await Task.WhenAll(b.FlushAsync(), a.FlushAsync());

        Assert.Equal(2, platform.PublishedFor<SlaBreached>(queue).Count);
        Assert.Single(platform.PublishedFor<SlaRecovered>(queue));
    }

    [Fact]
    public async Task AnAlertStoredByAReplicaThatDiedBeforePublishing_IsPublishedOnce_AfterItsClaim()
    {
        const string queue = "mosane-claims-nl";
        const string tenant = "mosane-insurance";
        var day = new DateOnly(2026, 11, 10);
        var store = platform.Services.GetRequiredService<AlertStateStore>();
        var alert = new SlaBreached(tenant, queue, day, 0.5, 0.8, 20, 0, null, platform.Clock.Now);
        // The replica's transaction committed (state and alert), then it died before publishing.
        Assert.NotNull(await store.ChangeAsync(tenant, queue, day, StoredAlertState.Initial, AlertState.Breached, [alert], platform.Clock.Now));
        Assert.Null(await store.ChangeAsync(tenant, queue, day, StoredAlertState.Initial, AlertState.Breached, [alert], platform.Clock.Now));

        var survivor = platform.NewReplica();
        await survivor.TidyAsync();
        Assert.Empty(platform.PublishedFor<SlaBreached>(queue)); // still the dead replica's to publish

        platform.Clock.Now += AlertOutbox<SlaTrackingModule>.Claim + TimeSpan.FromSeconds(1);
        try
        {
            var other = platform.NewReplica();
            await Task.WhenAll(survivor.TidyAsync(), other.TidyAsync());
            await survivor.TidyAsync();
        }
        finally
        {
            platform.Clock.Now = LivePlatform.Now;
        }

        var published = Assert.Single(platform.Published, p => p.Message is SlaBreached b && b.QueueId == queue);
        Assert.Equal(alert, published.Message);
        Assert.NotNull(published.MessageId);
        Assert.Equal(AlertState.Breached, (await store.ReadAsync(tenant, queue, day)).State);
    }
}

public sealed class SqliteAlertReplicaTests(SqliteAlertReplicaPlatform platform) : AlertReplicaTests<SqliteAlertReplicaPlatform>(platform);

public sealed class PostgresAlertReplicaTests(PostgresAlertReplicaPlatform platform) : AlertReplicaTests<PostgresAlertReplicaPlatform>(platform);
