using System.Collections.Concurrent;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using CallCentre.Testing;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CallCentre.Routing.Tests;

/// <summary>Two Routing processes' loops on one PostgreSQL database and the real RabbitMQ: one active per partition, and a
/// former leader whose lease was taken while it was frozen can neither write nor publish, and stands by.</summary>
public sealed class RoutingLeaseTests(PostgresRoutingDatabase db) : IClassFixture<PostgresRoutingDatabase>, IAsyncLifetime
{
    private static readonly CentreDefinition Centre = new(
        [new TenantDefinition("bank", "Bank", "Europe/Paris", "fr")],
        [TestQueues.Queue("front", "bank", new Dictionary<string, int> { ["fr"] = 1 })],
        [new AgentDefinition("a", "Agent A", new Dictionary<string, int> { ["fr"] = 3 })]);

    private readonly List<Node> _nodes = [];

    [Fact]
    public async Task AFrozenLeaderWhoseLeaseWasTaken_CanNeitherWriteNorPublish_AndStandsBy()
    {
        var partition = "p" + Guid.NewGuid().ToString("N")[..8];
        var frozen = await StartNodeAsync(partition, new FrozenClock(DateTimeOffset.UtcNow));
        await TestInfrastructure.EventuallyAsync(() => frozen.Loop.Recovered, "the first process to become active");
        var first = await EnqueueAsync(frozen);
        Assert.Contains(first, await LiveCallsAsync());
        Assert.True(frozen.Published(first));

        // Its clock stands still, so it renews nothing (as a paused process): the standby takes over once the lease lapses.
        var standby = await StartNodeAsync(partition, TimeProvider.System);
        await TestInfrastructure.EventuallyAsync(() => standby.Loop.Recovered, "the standby to take over", TimeSpan.FromSeconds(10));
        Assert.True(standby.Loop.Term!.Token > frozen.Loop.Term!.Token);
        Assert.NotNull(await standby.Loop.ExecuteAsync((e, _) => e.FindCall(first)));

        // The former leader still believes it is active; its next write carries the old token.
        Assert.True(frozen.Loop.IsActive);
        var refused = Guid.NewGuid();
        await Assert.ThrowsAsync<RoutingNotActiveException>(() =>
            frozen.Loop.ExecuteAsync((e, now) => e.Enqueue(new IncomingCall(refused, "front", "caller", null), now)));
        await TestInfrastructure.EventuallyAsync(() => !frozen.Loop.IsActive, "the former leader to stand by");
        await Assert.ThrowsAsync<RoutingNotActiveException>(() => frozen.Loop.ExecuteAsync((e, _) => e.FindCall(first)));
        Assert.DoesNotContain(refused, await LiveCallsAsync());
        await Task.Delay(500); // a publish would follow the refused write at once
        Assert.False(frozen.Published(refused));
        Assert.Null(await standby.Loop.ExecuteAsync((e, _) => e.FindCall(refused)));

        // The new leader serves on.
        var third = await EnqueueAsync(standby);
        Assert.Contains(third, await LiveCallsAsync());
        Assert.True(standby.Published(third));
    }

    [Fact]
    public async Task AStandby_WaitsWhileTheLeaderRenews_AndKnowsWhereItIs()
    {
        var partition = "p" + Guid.NewGuid().ToString("N")[..8];
        var leader = await StartNodeAsync(partition, TimeProvider.System, "http://leader.test:8080");
        await TestInfrastructure.EventuallyAsync(() => leader.Loop.Recovered, "the leader");
        var standby = await StartNodeAsync(partition, TimeProvider.System, "http://standby.test:8080");

        await TestInfrastructure.EventuallyAsync(() => standby.Lease.ActiveAddress == "http://leader.test:8080", "the standby to read the leader's address");
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than a lease: renewals keep it
        Assert.False(standby.Loop.IsActive);
        Assert.True(leader.Loop.IsActive);
        await Assert.ThrowsAsync<RoutingNotActiveException>(() => standby.Loop.ExecuteAsync((e, _) => e.FindCall(Guid.Empty)));

        // A graceful stop releases the lease: the standby takes over without waiting for it to lapse.
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await leader.StopAsync();
        await TestInfrastructure.EventuallyAsync(() => standby.Loop.Recovered, "the standby to take over", TimeSpan.FromSeconds(10));
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2.5), $"took over {stopped.Elapsed.TotalSeconds:0.0} s after a graceful stop");
        Assert.True(standby.Published(await EnqueueAsync(standby)));
    }

    [Fact]
    public async Task AStandby_TakesOverBeforeTheLeaseLapses_OnceTheLeadersDatabaseSessionHasEnded()
    {
        var partition = "p" + Guid.NewGuid().ToString("N")[..8];
        // The leader reaches the database through a relay: cutting it is, to the server, the process being killed.
        var server = new NpgsqlConnectionStringBuilder(db.Database.ConnectionString);
        using var relay = new TcpRelay(server.Host!, server.Port);
        var throughRelay = new ModuleDatabase<RoutingModule>(db.Database.Module, db.Database.Provider,
            new NpgsqlConnectionStringBuilder(server.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString, db.Database.Retry);
        // A lease far longer than the waits below: only the ended session can explain a takeover. The leader renews nothing.
        var leader = await StartNodeAsync(partition, new FrozenClock(DateTimeOffset.UtcNow), "http://leader.test:8080", leaseSeconds: 60,
            database: throughRelay);
        await TestInfrastructure.EventuallyAsync(() => leader.Loop.Recovered, "the leader");
        var call = await EnqueueAsync(leader);
        var standby = await StartNodeAsync(partition, TimeProvider.System, "http://standby.test:8080", leaseSeconds: 60);
        await TestInfrastructure.EventuallyAsync(() => standby.Lease.ActiveAddress == "http://leader.test:8080", "the standby to read the leader's address");
        // What another test class's database fixture does when it ends: the lease session is the lease's own, no pool's.
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromSeconds(2)); // longer than a renewal period: the live session alone keeps the standby waiting
        Assert.False(standby.Loop.IsActive);

        relay.Cut();
        await TestInfrastructure.EventuallyAsync(() => standby.Loop.Recovered, "the standby to take over", TimeSpan.FromSeconds(20));
        Assert.True(standby.Loop.Term!.Token > leader.Loop.Term!.Token);
        Assert.NotNull(await standby.Loop.ExecuteAsync((e, _) => e.FindCall(call)));
    }

    [Fact]
    public async Task ALeaderWhoseLeaseSessionIsTerminated_RenewsOnANewOne_AndNoStandbyTakesOver()
    {
        var partition = "p" + Guid.NewGuid().ToString("N")[..8];
        var leader = await StartNodeAsync(partition, TimeProvider.System, "http://leader.test:8080", leaseSeconds: 60);
        await TestInfrastructure.EventuallyAsync(() => leader.Loop.Recovered, "the leader");
        var token = leader.Loop.Term!.Token;
        var standby = await StartNodeAsync(partition, TimeProvider.System, "http://standby.test:8080", leaseSeconds: 60);
        await TestInfrastructure.EventuallyAsync(() => standby.Lease.ActiveAddress == "http://leader.test:8080", "the standby to read the leader's address");

        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        for (var kill = 1; kill <= 3; kill++)
        {
            // Just after a renewal, so that the leader has most of a renewal period to notice; the lease is too long to lapse.
            var before = await LeaseSessionAsync(admin, partition);
            var renewed = await TestInfrastructure.EventuallyAsync(async () =>
                await LeaseSessionAsync(admin, partition) is var now && now.Expires != before.Expires ? now : null, "a renewal");
            Assert.True(await admin.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@Backend)", new { Backend = renewed.Backend }));

            var replaced = await TestInfrastructure.EventuallyAsync(async () => await LeaseSessionAsync(admin, partition) is var now && now.Backend != renewed.Backend
                && await admin.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @Pid)", new { Pid = now.Backend })
                    ? now : null, $"the leader to record a new lease session after kill {kill}");
            // A renewal period more, the standby polling meanwhile: an ended session recorded would have let it in.
            await TestInfrastructure.EventuallyAsync(async () =>
                await LeaseSessionAsync(admin, partition) is var now && now.Expires != replaced.Expires ? now : null, $"a renewal after kill {kill}");
            Assert.False(standby.Loop.IsActive, $"the standby took over after kill {kill}");
            Assert.True(leader.Loop.IsActive);
            Assert.Equal(token, leader.Loop.Term!.Token);
        }
        Assert.True(leader.Published(await EnqueueAsync(leader)));
    }

    private sealed record LeaseSession(int Backend, long Expires);

    private static Task<LeaseSession> LeaseSessionAsync(NpgsqlConnection admin, string partition) =>
        admin.QuerySingleAsync<LeaseSession>("SELECT holder_backend AS Backend, expires_at AS Expires FROM routing_lease WHERE partition_id = @Partition",
            new { Partition = partition });

    private static async Task<Guid> EnqueueAsync(Node node)
    {
        var callId = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok,
            await node.Loop.ExecuteAsync((e, now) => e.Enqueue(new IncomingCall(callId, "front", "caller", null), now)));
        return callId;
    }

    private async Task<List<Guid>> LiveCallsAsync() =>
        (await new RoutingStore(db.Database).LoadAsync(default)).Calls.Select(c => c.CallId).ToList();

    private async Task<Node> StartNodeAsync(string partition, TimeProvider time, string? address = null, double leaseSeconds = 2.5,
        ModuleDatabase<RoutingModule>? database = null)
    {
        database ??= db.Database;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(TestInfrastructure.RabbitMq)));
        var node = new Node(bus);
        bus.ConnectPublishObserver(node);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var options = new RoutingOptions { Partition = partition, AdvertisedUrl = address, LeaseSeconds = leaseSeconds };
        node.Lease = new RoutingLease(database, options, time, NullLogger<RoutingLease>.Instance);
        node.Loop = new RoutingLoop(RoutingModule.CreateEngine(Centre), new RoutingStore(database), bus, time, NullLogger<RoutingLoop>.Instance,
            new CentreTimeZone(TimeZoneInfo.Utc), node.Lease, new CentreCatalog(Centre));
        await node.Loop.StartAsync(default);
        _nodes.Add(node);
        return node;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.StopAsync();
    }

    private sealed class Node(IBusControl bus) : IPublishObserver
    {
        private readonly ConcurrentQueue<object> _published = new();
        private bool _stopped;
        public RoutingLoop Loop { get; set; } = null!;
        public RoutingLease Lease { get; set; } = null!;

        /// <summary>Whether this node published an event about <paramref name="callId"/>.</summary>
        public bool Published(Guid callId) =>
            _published.Any(m => m.GetType().GetProperty(nameof(CallQueued.CallId))?.GetValue(m) is Guid id && id == callId);

        public async Task StopAsync()
        {
            if (_stopped) return;
            _stopped = true;
            await Loop.StopAsync(default);
            await bus.StopAsync();
        }

        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            _published.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    /// <summary>A clock that stands still and whose timers never fire: the process is frozen (renews nothing, ticks nothing)
    /// until something is handed to it.</summary>
    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverFires();

        private sealed class NeverFires : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
