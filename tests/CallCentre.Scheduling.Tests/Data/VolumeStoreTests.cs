using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Consumers;
using CallCentre.Scheduling.Data;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>The recorded volumes and handle times (talk + hold + the last leg's actual wrap-up, else the configured one),
/// whatever the order of the events, the same tests on SQLite and PostgreSQL. Each test uses its own queue.</summary>
public abstract class VolumeStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private const string Tenant = "lumiere-bank";
    private static readonly DateTimeOffset T = new(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
    private VolumeStore Store => new(db.Database);

    /// <summary>A call queued at T + <paramref name="minute"/>, answered, completed after 100 s of talk and 20 s of hold,
    /// with 30 s of wrap-up configured.</summary>
    private sealed record Call(Guid Id, string Queue, DateTimeOffset QueuedAt, DateTimeOffset CompletedAt)
    {
        public static Call At(string queue, int minute = 0)
        {
            var queued = T.AddMinutes(minute);
            return new(Guid.NewGuid(), queue, queued, queued.AddSeconds(150));
        }

        public CallQueued Queued => new(Id, Tenant, Queue, "caller-hash", 0, QueuedAt);
        public CallCompleted Completed => new(Id, Tenant, Queue, "agent-1", QueuedAt, QueuedAt.AddSeconds(10), CompletedAt,
            TalkSeconds: 100, WrapUpSeconds: 30, Disposition: null, HoldSeconds: 20);
        public CallWrapUpEnded WrapUp(double seconds, DateTimeOffset? legEndedAt = null) => new(Id, Tenant, Queue, QueuedAt, "agent-1",
            legEndedAt ?? CompletedAt, (legEndedAt ?? CompletedAt).AddSeconds(seconds), seconds);
    }

    private Task ArriveAsync(Call c) => Store.RecordArrivalAsync(c.Id, Tenant, c.Queue, c.QueuedAt, default);
    private Task CompleteAsync(Call c) => Store.RecordCompletionAsync(c.Id, Tenant, c.Queue, c.QueuedAt, c.CompletedAt, 100 + 20, 30, default);
    private Task WrapUpAsync(Call c, double seconds, DateTimeOffset? legEndedAt = null) =>
        Store.RecordWrapUpAsync(c.Id, legEndedAt ?? c.CompletedAt, seconds, default);

    private Task<IReadOnlyList<VolumeStore.IntervalVolume>> VolumesAsync(string queue) =>
        Store.VolumesAsync(Tenant, queue, T.AddHours(-1), T.AddHours(2), 15, default);

    private async Task<VolumeStore.IntervalVolume> OneCallAsync(string queue)
    {
        var interval = Assert.Single(await VolumesAsync(queue));
        Assert.Equal(T.ToUnixTimeMilliseconds(), interval.IntervalStart);
        Assert.Equal(1, interval.Calls);
        Assert.Equal(1, interval.Handled);
        return interval;
    }

    [Fact]
    public async Task HandleTime_IsTalkPlusHoldPlusTheWrapUpActuallyDone()
    {
        var call = Call.At("vs-actual");
        await ArriveAsync(call);
        await CompleteAsync(call);
        Assert.Equal(150, (await OneCallAsync(call.Queue)).HandleSeconds, 9); // 100 + 20 + 30 configured, until reported
        await WrapUpAsync(call, 7);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9); // 100 + 20 + 7 of the 30 configured
    }

    [Fact]
    public async Task NoWrapUpReported_CountsTheConfiguredWrapUp()
    {
        var call = Call.At("vs-configured");
        await ArriveAsync(call);
        await CompleteAsync(call);
        Assert.Equal(150, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task WrapUpBeforeEverything_AddsNoCall_ThenTheSameHandleTime()
    {
        var call = Call.At("vs-early");
        await WrapUpAsync(call, 7);
        Assert.Empty(await VolumesAsync(call.Queue));
        Assert.Null(await Store.FirstArrivalAsync(Tenant, call.Queue, default));

        await CompleteAsync(call);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
        await ArriveAsync(call);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task WrapUpBetweenArrivalAndCompletion_AddsNothingUntilCompleted()
    {
        var call = Call.At("vs-between");
        await ArriveAsync(call);
        await WrapUpAsync(call, 7);
        var open = Assert.Single(await VolumesAsync(call.Queue));
        Assert.Equal((1L, 0L, 0.0), (open.Calls, open.Handled, open.HandleSeconds));
        await CompleteAsync(call);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task DuplicatedEvents_CountOnce_AndTheFirstReportStays()
    {
        var call = Call.At("vs-duplicates");
        await WrapUpAsync(call, 7);
        await ArriveAsync(call);
        await CompleteAsync(call);
        await WrapUpAsync(call, 7);
        await WrapUpAsync(call, 12); // a second, different report of the same leg changes nothing
        await CompleteAsync(call);
        await ArriveAsync(call);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task TransferredLegsWrapUp_IsNotCounted()
    {
        var call = Call.At("vs-transfer");
        await ArriveAsync(call);
        await WrapUpAsync(call, 9, legEndedAt: call.QueuedAt.AddSeconds(40)); // the leg that was transferred
        await CompleteAsync(call);
        Assert.Equal(150, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
        await WrapUpAsync(call, 7);
        Assert.Equal(127, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task HandleTimeRecordedAsAWhole_KeepsIt()
    {
        var call = Call.At("vs-whole");
        await ArriveAsync(call);
        await Store.RecordHandleTimeAsync(call.Id, Tenant, call.Queue, call.QueuedAt, 130, default);
        await WrapUpAsync(call, 7);
        Assert.Equal(130, (await OneCallAsync(call.Queue)).HandleSeconds, 9);
    }

    [Fact]
    public async Task Volumes_CountCallsPerIntervalInTheArrivalsQueue()
    {
        var first = Call.At("vs-volumes", minute: 1);
        var second = Call.At("vs-volumes", minute: 14);
        var later = Call.At("vs-volumes", minute: 20);
        var unanswered = Call.At("vs-volumes", minute: 22);
        foreach (var c in new[] { first, second, later, unanswered })
            await ArriveAsync(c);
        // Completed in another queue (a transfer): the call stays in its arrival's queue.
        await Store.RecordCompletionAsync(later.Id, Tenant, "vs-volumes-other", later.QueuedAt, later.CompletedAt, 120, 30, default);
        await CompleteAsync(first);
        await CompleteAsync(second);
        await WrapUpAsync(first, 7);
        await WrapUpAsync(later, 0);
        // A wrap-up of a call never queued nor completed adds nothing anywhere.
        await WrapUpAsync(Call.At("vs-volumes", minute: 3), 5);

        var volumes = await VolumesAsync("vs-volumes");
        Assert.Equal(
            [(T.ToUnixTimeMilliseconds(), 2L, 2L, 127.0 + 150.0), (T.AddMinutes(15).ToUnixTimeMilliseconds(), 2L, 1L, 120.0)],
            volumes.Select(v => (v.IntervalStart, v.Calls, v.Handled, v.HandleSeconds)));
        Assert.Empty(await VolumesAsync("vs-volumes-other"));
    }

    [Fact]
    public async Task CompletionAndWrapUpAtTheSameTime_GiveTheActualWrapUp()
    {
        var calls = Enumerable.Range(0, 40).Select(i => Call.At("vs-concurrent", minute: i % 10)).ToList();
        foreach (var c in calls)
            await ArriveAsync(c);
        await Task.WhenAll(calls.SelectMany(c => new[]
        {
            Task.Run(() => CompleteAsync(c)), Task.Run(() => WrapUpAsync(c, 7)), Task.Run(() => WrapUpAsync(c, 7)),
        }));
        var interval = Assert.Single(await VolumesAsync("vs-concurrent"));
        Assert.Equal((40L, 40L), (interval.Calls, interval.Handled));
        Assert.Equal(40 * 127.0, interval.HandleSeconds, 6);
    }

    [Fact]
    public async Task Consumer_TakesRoutingsEvents_InAnyOrder()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(db.Database)
            .AddSingleton<VolumeStore>()
            .AddMassTransitTestHarness(x => x.AddConsumer<CallVolumeConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var early = Call.At("vs-consumer", minute: 2);
            var late = Call.At("vs-consumer", minute: 5);
            var never = Call.At("vs-consumer", minute: 8);
            var transferred = Call.At("vs-consumer", minute: 11);
            object[] events =
            [
                early.WrapUp(7), early.Completed, early.Queued, early.WrapUp(7),
                late.Queued, late.Completed, late.WrapUp(7), late.Completed,
                never.Queued, never.Completed,
                transferred.Queued, transferred.WrapUp(9, transferred.QueuedAt.AddSeconds(40)), transferred.Completed,
            ];
            foreach (var e in events)
            {
                await harness.Bus.Publish(e);
                var consumed = e switch
                {
                    CallQueued m => harness.Consumed.Any<CallQueued>(x => x.Context.Message == m),
                    CallCompleted m => harness.Consumed.Any<CallCompleted>(x => x.Context.Message == m),
                    CallWrapUpEnded m => harness.Consumed.Any<CallWrapUpEnded>(x => x.Context.Message == m),
                    _ => throw new InvalidOperationException(),
                };
                Assert.True(await consumed);
            }

            var interval = Assert.Single(await VolumesAsync("vs-consumer"));
            Assert.Equal((4L, 4L), (interval.Calls, interval.Handled));
            Assert.Equal(127 + 127 + 150 + 150, interval.HandleSeconds, 9);
        }
        finally
        {
            await harness.Stop();
        }
    }
}

public sealed class SqliteVolumeStoreTests(SqliteTestDatabase db) : VolumeStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresVolumeStoreTests(PostgresTestDatabase db) : VolumeStoreTests<PostgresTestDatabase>(db);
