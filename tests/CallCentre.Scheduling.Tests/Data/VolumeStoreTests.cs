using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Consumers;
using CallCentre.Scheduling.Data;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>The recorded volumes and handle times (every leg of a call by <see cref="HandleTime"/>, in the queue and interval it
/// arrived in, once completed), whatever the order of the events, the same tests on SQLite and PostgreSQL. Each test uses its own
/// queue.</summary>
public abstract class VolumeStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private const string Tenant = "lumiere-bank";
    private static readonly DateTimeOffset T = new(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
    private VolumeStore Store => new(db.Database);

    /// <summary>A call queued at T + <paramref name="minute"/>, answered at +10 s; a first leg transferred at +70 s (40 s talk,
    /// 20 s hold, 9 s wrap-up), a last leg from +80 s completed at +150 s (60 s talk, 10 s hold, 7 s wrap-up).</summary>
    private sealed record Call(Guid Id, string Queue, DateTimeOffset QueuedAt)
    {
        public static Call At(string queue, int minute = 0) => new(Guid.NewGuid(), queue, T.AddMinutes(minute));

        public CallQueued Queued => new(Id, Tenant, Queue, "caller-hash", 0, QueuedAt);
        public CallLegEnded Transferred => new(Id, Tenant, Queue, "agent-1", QueuedAt, QueuedAt.AddSeconds(10), QueuedAt.AddSeconds(70),
            CallLegEnd.Transferred, 40, 20, 9, null);
        public CallLegEnded Completed => new(Id, Tenant, Queue + "-other", "agent-2", QueuedAt, QueuedAt.AddSeconds(80),
            QueuedAt.AddSeconds(150), CallLegEnd.Completed, 60, 10, 7, "resolved");
    }

    private Task ArriveAsync(Call c) => Store.RecordArrivalAsync(c.Id, Tenant, c.Queue, c.QueuedAt, default);
    private Task LegAsync(CallLegEnded leg) => Store.RecordLegAsync(leg, default);

    private Task<IReadOnlyList<VolumeStore.IntervalVolume>> VolumesAsync(string queue) =>
        Store.VolumesAsync(Tenant, queue, T.AddHours(-1), T.AddHours(2), 15, default);

    private async Task<VolumeStore.IntervalVolume> OneCallAsync(string queue)
    {
        var interval = Assert.Single(await VolumesAsync(queue));
        Assert.Equal(T.ToUnixTimeMilliseconds(), interval.IntervalStart);
        Assert.Equal(1, interval.Calls);
        return interval;
    }

    [Fact]
    public async Task HandleTime_IsEveryLegsTalkHoldAndWrapUp_InTheArrivalsQueue()
    {
        var call = Call.At("vs-legs");
        await ArriveAsync(call);
        await LegAsync(call.Transferred);
        await LegAsync(call.Completed);
        var interval = await OneCallAsync(call.Queue);
        Assert.Equal((1L, 146.0), (interval.Handled, interval.HandleSeconds)); // 40 + 20 + 9 + 60 + 10 + 7
        Assert.Empty(await VolumesAsync(call.Queue + "-other"));
    }

    [Fact]
    public async Task TransferredLegOnly_AddsNothingUntilCompleted()
    {
        var call = Call.At("vs-open");
        await ArriveAsync(call);
        await LegAsync(call.Transferred);
        var open = await OneCallAsync(call.Queue);
        Assert.Equal((0L, 0.0), (open.Handled, open.HandleSeconds));
        await LegAsync(call.Completed);
        Assert.Equal(146.0, (await OneCallAsync(call.Queue)).HandleSeconds);
    }

    [Fact]
    public async Task LegsBeforeTheArrival_AddNoCall_ThenTheSameHandleTime()
    {
        var call = Call.At("vs-early");
        await LegAsync(call.Completed);
        await LegAsync(call.Transferred);
        Assert.Empty(await VolumesAsync(call.Queue));
        Assert.Null(await Store.FirstArrivalAsync(Tenant, call.Queue, default));
        await ArriveAsync(call);
        Assert.Equal(146.0, (await OneCallAsync(call.Queue)).HandleSeconds);
    }

    [Fact]
    public async Task DuplicatedEvents_CountOnce_AndTheFirstReportOfALegStays()
    {
        var call = Call.At("vs-duplicates");
        await LegAsync(call.Completed);
        await ArriveAsync(call);
        await LegAsync(call.Transferred);
        await LegAsync(call.Completed);
        await LegAsync(call.Completed with { WrapUpSeconds = 30 }); // a different report of the same leg changes nothing
        await ArriveAsync(call);
        Assert.Equal(146.0, (await OneCallAsync(call.Queue)).HandleSeconds);
    }

    [Fact]
    public async Task Volumes_CountCallsPerInterval()
    {
        var first = Call.At("vs-volumes", minute: 1);
        var second = Call.At("vs-volumes", minute: 14);
        var later = Call.At("vs-volumes", minute: 20);
        var unanswered = Call.At("vs-volumes", minute: 22);
        foreach (var c in new[] { first, second, later, unanswered })
            await ArriveAsync(c);
        await LegAsync(first.Completed);
        await LegAsync(second.Transferred);
        await LegAsync(second.Completed);
        await LegAsync(later.Completed);
        // A leg of a call never queued adds nothing anywhere.
        await LegAsync(Call.At("vs-volumes", minute: 3).Completed);

        var volumes = await VolumesAsync("vs-volumes");
        Assert.Equal(
            [(T.ToUnixTimeMilliseconds(), 2L, 2L, 77.0 + 146.0), (T.AddMinutes(15).ToUnixTimeMilliseconds(), 2L, 1L, 77.0)],
            volumes.Select(v => (v.IntervalStart, v.Calls, v.Handled, v.HandleSeconds)));
    }

    [Fact]
    public async Task LegsAtTheSameTime_CountOnce()
    {
        var calls = Enumerable.Range(0, 40).Select(i => Call.At("vs-concurrent", minute: i % 10)).ToList();
        foreach (var c in calls)
            await ArriveAsync(c);
        await Task.WhenAll(calls.SelectMany(c => new[]
        {
            Task.Run(() => LegAsync(c.Completed)), Task.Run(() => LegAsync(c.Transferred)), Task.Run(() => LegAsync(c.Completed)),
        }));
        var interval = Assert.Single(await VolumesAsync("vs-concurrent"));
        Assert.Equal((40L, 40L), (interval.Calls, interval.Handled));
        Assert.Equal(40 * 146.0, interval.HandleSeconds, 6);
    }

    [Fact]
    public async Task Consumer_TakesRoutingsEvents_InAnyOrder()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(db.Database)
            .AddSingleton<VolumeStore>()
            // Consumed.Any gives up after this long without bus activity: a loaded machine can take longer than the default.
            .Configure<TestHarnessOptions>(o => o.TestInactivityTimeout = TimeSpan.FromSeconds(30))
            .AddMassTransitTestHarness(x => x.AddConsumer<CallVolumeConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var early = Call.At("vs-consumer", minute: 2);
            var late = Call.At("vs-consumer", minute: 5);
            object[] events = [early.Completed, early.Transferred, early.Queued, early.Completed, late.Queued, late.Completed];
            foreach (var e in events)
            {
                await harness.Bus.Publish(e);
                var consumed = e switch
                {
                    CallQueued m => harness.Consumed.Any<CallQueued>(x => x.Context.Message == m),
                    CallLegEnded m => harness.Consumed.Any<CallLegEnded>(x => (x.Context.Message.CallId, x.Context.Message.EndedAt) == (m.CallId, m.EndedAt)),
                    _ => throw new InvalidOperationException(),
                };
                Assert.True(await consumed);
            }

            var interval = Assert.Single(await VolumesAsync("vs-consumer"));
            Assert.Equal((2L, 2L), (interval.Calls, interval.Handled));
            Assert.Equal(146.0 + 77.0, interval.HandleSeconds, 9);
        }
        finally
        {
            await harness.Stop();
        }
    }
}

public sealed class SqliteVolumeStoreTests(SqliteTestDatabase db) : VolumeStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresVolumeStoreTests(PostgresTestDatabase db) : VolumeStoreTests<PostgresTestDatabase>(db);
