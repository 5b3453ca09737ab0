using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A call's legs (<see cref="CallLegEnded"/>) in its record: completion, transfers and handle time (every leg by
/// <see cref="HandleTime"/>) whatever the order, duplicates and batching of the events; the bucket summaries follow a leg that
/// arrives late; a purge removes the legs.</summary>
public abstract class CallLegStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private readonly CallRecordStore _calls = new(db.Database);
    private static readonly DateTimeOffset T = Utc(2026, 11, 12, 9, 0);

    /// <summary>Agent01 answers at +10 s in "q-a" and transfers at +100 s (30 s of the 90 on hold, 3 s of wrap-up); agent02
    /// answers at +120 s in "q-b" and completes at +200 s (20 s of the 80 on hold, 1.5 s of wrap-up).</summary>
    private static List<object> Events(string tenant, Guid id) =>
    [
        new CallQueued(id, tenant, "q-a", "hash", 5, T),
        new CallAnswered(id, tenant, "q-a", "agent01", T, T.AddSeconds(10)),
        new CallLegEnded(id, tenant, "q-a", "agent01", T, T.AddSeconds(10), T.AddSeconds(100), CallLegEnd.Transferred, 60, 30, 3, null),
        new CallAnswered(id, tenant, "q-b", "agent02", T, T.AddSeconds(120)),
        new CallLegEnded(id, tenant, "q-b", "agent02", T, T.AddSeconds(120), T.AddSeconds(200), CallLegEnd.Completed, 60, 20, 1.5, "resolved"),
    ];

    private static void AssertFigures(CallRecord call)
    {
        Assert.Equal(("q-a", 1), (call.QueueId, call.Transfers));
        Assert.Equal((T.AddSeconds(10), T.AddSeconds(200)), (call.AnsweredAt, call.CompletedAt));
        Assert.Equal(174.5, call.HandleSeconds); // 90 + 3 + 80 + 1.5: every second of both agents' work once
    }

    private async Task<CallRecord> RecordAsync(string tenant) =>
        Assert.Single(await _calls.ListAsync(tenant, null, T, T.AddHours(1)).ToListAsync());

    [Fact]
    public async Task Legs_InAnyOrder_OneByOne_Duplicated_CountOnce()
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var tenant = NewTenant();
            var events = Events(tenant, Guid.NewGuid());
            foreach (var e in (seed == 0 ? events : Shuffled(events, seed)).Concat(events.AsEnumerable().Reverse()))
                await _calls.UpsertAsync(FactsOf(e)!, default);
            AssertFigures(await RecordAsync(tenant));
        }
    }

    [Fact]
    public async Task Legs_InOneBatchWithDuplicates_AndThroughTheGroupCommit()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        var random = new Random(3);
        await _calls.UpsertManyAsync(events.Concat(events).OrderBy(_ => random.Next()).Select(e => FactsOf(e)!).ToList(), default);
        AssertFigures(await RecordAsync(tenant));

        var other = NewTenant();
        await using (var writer = new CallRecordWriter(_calls, NullLogger<CallRecordWriter>.Instance))
            await Task.WhenAll(Events(other, Guid.NewGuid()).AsEnumerable().Reverse().Select(e => writer.WriteAsync(FactsOf(e)!)));
        AssertFigures(await RecordAsync(other));
    }

    [Fact]
    public async Task OnlyTransferredLegs_CountTheTransfers_ButNoHandleTimeUntilCompleted()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        foreach (var e in events.Take(4))
            await _calls.UpsertAsync(FactsOf(e)!, default);
        var call = await RecordAsync(tenant);
        Assert.Equal((1, null, null), (call.Transfers, call.CompletedAt, call.HandleSeconds));
    }

    [Fact]
    public async Task TransferredLegArrivingAfterTheCompletedOne_ReachesTheSummaryOfAClosedBucket()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        foreach (var e in events.Where(e => e is not CallLegEnded { EndedBy: CallLegEnd.Transferred }))
            await _calls.UpsertAsync(FactsOf(e)!, default);

        var aggregates = new CallAggregates(db.Database, _calls);
        var subject = new ReportSubject(tenant, "Tenant", "UTC", "en", [("q-a", "A")]);
        var book = new ContractBook([], [SlaContract.Default(tenant, "q-a", 20, 0.8)]);
        var query = new ReportQuery(tenant, new LocalDate(2026, 11, 12), new LocalDate(2026, 11, 12), Granularity.Day);
        async Task<(double? ByRecords, string RecordsJson, string SummariesJson)> AhtAsync()
        {
            var byRecords = new SlaReportBuilder(query, subject, book);
            var (start, end) = byRecords.Range;
            await foreach (var call in _calls.ListAsync(tenant, null, start, end))
                byRecords.Add(call);
            var bySummaries = new SlaReportBuilder(query, subject, book);
            Assert.True(await aggregates.FeedAsync(bySummaries, tenant));
            var (r, s) = (byRecords.Build(Utc(2026, 12, 1, 0, 0)), bySummaries.Build(Utc(2026, 12, 1, 0, 0)));
            return (r.Rows.Single(x => x.QueueId == "q-a").Figures.AverageHandleSeconds, JsonSerializer.Serialize(r), JsonSerializer.Serialize(s));
        }

        var before = await AhtAsync(); // sums the bucket and stores its summary
        Assert.Equal(81.5, before.ByRecords);
        Assert.Equal(before.RecordsJson, before.SummariesJson);

        var transferred = events.OfType<CallLegEnded>().Single(l => l.EndedBy == CallLegEnd.Transferred);
        await _calls.UpsertAsync(FactsOf(transferred)!, default);
        await _calls.UpsertAsync(FactsOf(transferred)!, default);
        var after = await AhtAsync();
        Assert.Equal(174.5, after.ByRecords);
        Assert.Equal(after.RecordsJson, after.SummariesJson);
    }

    [Fact]
    public async Task Purge_DeletesTheLegsOfThePurgedCalls()
    {
        var tenant = NewTenant();
        var old = Guid.NewGuid();
        var at = Utc(2020, 1, 1, 9, 0);
        await _calls.UpsertAsync(FactsOf(new CallQueued(old, tenant, "q-a", "h", 5, at))!, default);
        await _calls.UpsertAsync(FactsOf(new CallLegEnded(old, tenant, "q-a", "a", at, at.AddSeconds(5), at.AddSeconds(60),
            CallLegEnd.Completed, 55, 0, 1, null))!, default);
        Assert.True(await _calls.PurgeAsync(Utc(2020, 1, 2, 0, 0)) >= 1);
        var left = await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteScalarAsync<long>(c,
            "SELECT count(*) FROM call_leg WHERE call_id = @Id", new { Id = old.ToString() }), default);
        Assert.Equal(0, left);
    }
}

public sealed class SqliteCallLegStoreTests(SqliteTestDatabase db) : CallLegStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresCallLegStoreTests(PostgresTestDatabase db) : CallLegStoreTests<PostgresTestDatabase>(db);
