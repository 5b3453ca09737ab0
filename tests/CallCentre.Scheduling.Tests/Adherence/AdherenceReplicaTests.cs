using System.Collections.Concurrent;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Messaging;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Tests.Data;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Tests.Adherence;

/// <summary>Adherence exceptions raised and cleared once across Scheduling replicas and restarts: monitors of their own (as each
/// replica, or a restarted process, has) on one database and one running bus, on a clock the test moves.</summary>
public abstract class AdherenceReplicaTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>, IAsyncLifetime where TDatabase : TestDatabase
{
    private static readonly CentreCalendar Casablanca = CentreCalendar.For("Africa/Casablanca");
    private static readonly DateTimeOffset T = new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly Clock _clock = new(T);
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _published = new();
    private readonly string _agent = "rep-" + Guid.NewGuid().ToString("N")[..8];
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingInMemory(_ => { });
        _bus.ConnectPublishObserver(new Recorder(_published));
        await _bus.StartAsync();
        // Work for two hours from T.
        await new ScheduleStore(db.Database).PublishAsync([new AgentDay(_agent, Casablanca.DateOf(T), false,
            [new ScheduledActivity(ActivityKind.Work, T, T.AddHours(2))])], "test", T);
    }

    public async Task DisposeAsync() => await _bus.StopAsync();

    private AdherenceMonitor NewReplica()
    {
        var states = new AgentStateStore(db.Database);
        var centre = new CentreDefinition([], [], [new AgentDefinition(_agent, _agent, new Dictionary<string, int>())]);
        return new AdherenceMonitor(new ScheduleStore(db.Database), states, centre, Casablanca,
            new AlertOutbox<SchedulingModule>(db.Database, _bus, _clock, NullLogger<AlertOutbox<SchedulingModule>>.Instance), _clock,
            Options.Create(new SchedulingOptions()), NullLogger<AdherenceMonitor>.Instance);
    }

    private Task StateAsync(string state, string? reason, int minutes) =>
        new AgentStateStore(db.Database).RecordAsync(_agent, ["lumiere-bank"], state, reason, T.AddMinutes(minutes));

    private async Task<List<object>> CheckAllAsync(int minutes, params AdherenceMonitor[] replicas)
    {
        _clock.Now = T.AddMinutes(minutes);
        var results = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.CheckAsync())));
        return results.SelectMany(r => r).ToList();
    }

    private List<T1> Published<T1>() => _published.Select(p => p.Message).OfType<T1>().ToList();

    [Fact]
    public async Task TwoReplicas_RaiseAndClearEachEpisodeOnce_ARestartRepeatsNone_AndANewEpisodeIsRaisedAgain()
    {
        var (a, b) = (NewReplica(), NewReplica());
        await StateAsync("Available", null, 0);
        await StateAsync("NotReady", "break", 10);

        Assert.Empty(await CheckAllAsync(13, a, b));
        var raised = await CheckAllAsync(16, a, b);
        Assert.Equal(T.AddMinutes(10), Assert.IsType<AdherenceExceptionRaised>(Assert.Single(raised)).Since);
        Assert.Empty(await CheckAllAsync(17, a, b));
        Assert.Empty(await CheckAllAsync(18, NewReplica())); // a restarted process: the episode is in the database

        await StateAsync("Available", null, 20);
        var cleared = await CheckAllAsync(21, b, a);
        var clear = Assert.IsType<AdherenceExceptionCleared>(Assert.Single(cleared));
        Assert.Equal((T.AddMinutes(10), T.AddMinutes(20)), (clear.Since, clear.Until));
        Assert.Empty(await CheckAllAsync(22, a, b, NewReplica()));

        await StateAsync("NotReady", "lunch", 30);
        Assert.Single(await CheckAllAsync(36, b, a));

        Assert.Equal([T.AddMinutes(10), T.AddMinutes(30)], Published<AdherenceExceptionRaised>().Select(e => e.Since));
        Assert.Single(Published<AdherenceExceptionCleared>());
        Assert.All(_published, p => Assert.NotNull(p.MessageId));
    }

    [Fact]
    public async Task AnExceptionStoredByAReplicaThatDiedBeforePublishing_IsPublishedOnce_OnceItsClaimRunsOut()
    {
        var states = new AgentStateStore(db.Database);
        var episode = new OpenEpisode(_agent, Casablanca.DateOf(T), T.AddMinutes(10));
        var raised = new AdherenceExceptionRaised(_agent, ["lumiere-bank"], episode.Date, "Work", "Available", "NotReady", "break",
            episode.Since, 360, T.AddMinutes(16));
        // Stored with its announcement, then the replica died before publishing.
        Assert.NotNull(await states.RaiseEpisodeAsync(episode, raised, T.AddMinutes(16)));
        var outbox = new AlertOutbox<SchedulingModule>(db.Database, _bus, _clock, NullLogger<AlertOutbox<SchedulingModule>>.Instance);

        _clock.Now = T.AddMinutes(16);
        Assert.Empty(await outbox.PublishPendingAsync());
        _clock.Now = T.AddMinutes(16) + AlertOutbox<SchedulingModule>.Claim + TimeSpan.FromSeconds(1);
        var other = new AlertOutbox<SchedulingModule>(db.Database, _bus, _clock, NullLogger<AlertOutbox<SchedulingModule>>.Instance);
        var sent = await Task.WhenAll(Task.Run(() => outbox.PublishPendingAsync()), Task.Run(() => other.PublishPendingAsync()));

        static string Key(object m) => m is AdherenceExceptionRaised r ? $"{r.AgentId} {r.Since:O} {string.Join(",", r.TenantIds)}" : "";
        Assert.Equal(Key(raised), Key(Assert.Single(sent.SelectMany(s => s))));
        Assert.Equal(Key(raised), Key(Assert.Single(_published).Message));
        Assert.Empty(await outbox.PublishPendingAsync());
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks = now.UtcTicks;
        public DateTimeOffset Now
        {
            get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Recorder(ConcurrentQueue<(Guid?, object)> published) : IPublishObserver
    {
        public Task PrePublish<T1>(PublishContext<T1> context) where T1 : class => Task.CompletedTask;
        public Task PostPublish<T1>(PublishContext<T1> context) where T1 : class
        {
            published.Enqueue((context.MessageId, context.Message));
            return Task.CompletedTask;
        }
        public Task PublishFault<T1>(PublishContext<T1> context, Exception exception) where T1 : class => Task.CompletedTask;
    }
}

public sealed class SqliteAdherenceReplicaTests(SqliteTestDatabase db) : AdherenceReplicaTests<SqliteTestDatabase>(db);

public sealed class PostgresAdherenceReplicaTests(PostgresTestDatabase db) : AdherenceReplicaTests<PostgresTestDatabase>(db);
