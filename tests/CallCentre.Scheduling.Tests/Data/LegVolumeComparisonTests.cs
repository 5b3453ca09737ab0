using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Consumers;
using CallCentre.Scheduling.Data;
using CallCentre.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>A generated month (transfers, holds, wrap-ups reported or not), its events repeated and shuffled, consumed by the
/// volume consumer: the volumes and handle times per interval read from legs equal the month's own (every leg of a call, in the
/// queue and interval it arrived in, by <see cref="HandleTime"/>), and, on a month without transfers, equal what the older
/// events recorded.</summary>
public abstract class LegVolumeComparisonTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly string[] Queues = ["q-main", "q-cards"];
    private static readonly DateTimeOffset From = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), To = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private VolumeStore Store => new(db.Database);

    [Fact]
    public async Task GeneratedMonth_VolumesFromLegs_EqualTheMonthsOwn()
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N")[..10];
        var month = GeneratedCallMonth.Generate(21, tenant, Queues, From, To, calls: 2000);
        Assert.True(month.Count(c => c is { IsCompleted: true, Transfers: > 0 }) > 50, "the month has completed transferred calls");
        await ConsumeAsync(GeneratedCallMonth.RepeatedAndShuffled(month.SelectMany(c => c.LegEvents()), seed: 3));

        foreach (var queue in Queues)
            Assert.Equal(Truth(month, queue), Rows(await Store.VolumesAsync(tenant, queue, From, To, 30, default)));
    }

    private static List<(long Start, long Calls, long Handled, double HandleSeconds)> Truth(List<GeneratedCall> month, string queue) =>
        month.Where(c => c.QueueId == queue)
            .GroupBy(c => c.QueuedAt.ToUnixTimeMilliseconds() / 1_800_000 * 1_800_000)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (long)g.Count(), (long)g.Count(c => c.IsCompleted), g.Sum(c => c.HandleSeconds ?? 0)))
            .ToList();

    private static List<(long Start, long Calls, long Handled, double HandleSeconds)> Rows(IEnumerable<VolumeStore.IntervalVolume> rows) =>
        rows.Select(r => (r.IntervalStart, r.Calls, r.Handled, r.HandleSeconds)).ToList();

    /// <summary>Through the module's consumer on the test harness, eight messages at a time.</summary>
    private async Task ConsumeAsync(List<object> events)
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(db.Database)
            .AddSingleton<VolumeStore>()
            .Configure<TestHarnessOptions>(o => o.TestTimeout = TimeSpan.FromMinutes(3))
            .AddMassTransitTestHarness(x => x.AddConsumer<CallVolumeConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (e, ct) => await harness.Bus.Publish(e, ct));
            var expected = events.Count(e => e is CallQueued or CallLegEnded);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (harness.Consumed.Select(_ => true).Count() < expected && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal(expected, harness.Consumed.Select(_ => true).Count());
            Assert.DoesNotContain(harness.Consumed.Select(_ => true), m => m.Exception is not null);
        }
        finally
        {
            await harness.Stop();
        }
    }
}

public sealed class SqliteLegVolumeComparisonTests(SqliteTestDatabase db) : LegVolumeComparisonTests<SqliteTestDatabase>(db);

public sealed class PostgresLegVolumeComparisonTests(PostgresTestDatabase db) : LegVolumeComparisonTests<PostgresTestDatabase>(db);
