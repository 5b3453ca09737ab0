using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The after-call work agents actually did (<see cref="CallWrapUpEnded"/>) replaces the configured wrap-up of its
/// leg (the last leg's from CallCompleted, a transferred leg's from CallTransferred) in the record, in any order, duplicated,
/// one by one or batched; a leg with no such event keeps the configured time; the bucket summaries follow.</summary>
public abstract class CallRecordWrapUpTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private readonly CallRecordStore _calls = new(db.Database);
    private static readonly DateTimeOffset T = Utc(2026, 11, 12, 9, 0);

    /// <summary>Agent01 answers at +10 s and transfers at +100 s (30 s on hold; "q-a" expects 7 s of wrap-up, agent01 is
    /// Available after 3 s); agent01 answers again at +120 s in "q-b" and completes at +200 s (20 s on hold, talk 60 s; "q-b"
    /// expects 5 s, agent01 does 1.5 s). One agent for both legs: the leg is told by when it ended.</summary>
    private static List<object> Events(string tenant, Guid id) =>
    [
        new CallQueued(id, tenant, "q-a", "hash", 5, T),
        new CallAnswered(id, tenant, "q-a", "agent01", T, T.AddSeconds(10)),
        new CallTransferred(id, tenant, "q-a", "q-b", "agent01", T, T.AddSeconds(100), HoldSeconds: 30, WrapUpSeconds: 7),
        new CallWrapUpEnded(id, tenant, "q-a", T, "agent01", T.AddSeconds(100), T.AddSeconds(103), 3),
        new CallAnswered(id, tenant, "q-b", "agent01", T, T.AddSeconds(120)),
        new CallCompleted(id, tenant, "q-b", "agent01", T, T.AddSeconds(120), T.AddSeconds(200), 60, 5, "resolved", HoldSeconds: 20),
        new CallWrapUpEnded(id, tenant, "q-b", T, "agent01", T.AddSeconds(200), T.AddSeconds(201.5), 1.5),
    ];

    private static void AssertFigures(CallRecord call)
    {
        Assert.Equal(4.5, call.WrapUpSeconds);      // 3 s after the transfer, 1.5 s after the completion: not 7 + 5
        Assert.Equal(50.0, call.HoldSeconds);
        Assert.Equal(174.5, call.HandleSeconds);    // 90 + 3 + 80 + 1.5
    }

    private async Task<CallRecord> RecordAsync(string tenant) =>
        Assert.Single(await _calls.ListAsync(tenant, null, T, T.AddHours(1)).ToListAsync());

    [Fact]
    public async Task ActualWrapUp_ReplacesTheConfiguredOne_BeforeOrAfterTheLegsEvent_OneByOne_Duplicated()
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var tenant = NewTenant();
            var events = Events(tenant, Guid.NewGuid());
            // seed 0: in order; 1: every wrap-up event first; then shuffled.
            var ordered = seed switch
            {
                0 => events,
                1 => events.OfType<CallWrapUpEnded>().Cast<object>().Concat(events.Where(e => e is not CallWrapUpEnded)).ToList(),
                _ => Shuffled(events, seed),
            };
            foreach (var e in ordered.Concat(events.AsEnumerable().Reverse())) // and each again
                if (FactsOf(e) is { } facts)
                    await _calls.UpsertAsync(facts, default);
            AssertFigures(await RecordAsync(tenant));
        }
    }

    [Fact]
    public async Task ActualWrapUp_InOneBatchWithDuplicates_AndThroughTheGroupCommit()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        var random = new Random(3);
        await _calls.UpsertManyAsync(events.Concat(events).OrderBy(_ => random.Next()).Select(FactsOf).OfType<CallRecordStore.CallFacts>().ToList(), default);
        AssertFigures(await RecordAsync(tenant));

        var other = NewTenant();
        await using (var writer = new CallRecordWriter(_calls, Microsoft.Extensions.Logging.Abstractions.NullLogger<CallRecordWriter>.Instance))
            await Task.WhenAll(Events(other, Guid.NewGuid()).Select(FactsOf).OfType<CallRecordStore.CallFacts>().Reverse().Select(f => writer.WriteAsync(f)));
        AssertFigures(await RecordAsync(other));
    }

    [Fact]
    public async Task LegWithoutItsWrapUpEvent_KeepsTheConfiguredTime()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        events.RemoveAt(6); // the last leg's wrap-up is not reported (yet)
        foreach (var e in events)
            if (FactsOf(e) is { } facts)
                await _calls.UpsertAsync(facts, default);
        var call = await RecordAsync(tenant);
        Assert.Equal(8.0, call.WrapUpSeconds);      // 3 s actually done after the transfer, 5 s configured after the completion
        Assert.Equal(178.0, call.HandleSeconds);
    }

    [Fact]
    public async Task WrapUpEndedEarlyInAClosedBucket_ReachesItsSummary_AndTheAverageHandleTimeIsTheHandComputedOne()
    {
        var tenant = NewTenant();
        var at = Utc(2026, 11, 12, 10, 0);
        var (early, full) = (Guid.NewGuid(), Guid.NewGuid());
        // "early": talk 100 s, the queue expects 30 s of wrap-up, the agent is Available after 12 s.
        // "full": talk 50 s, hold 10 s, the wrap-up runs to its 30 s deadline.
        object[] events =
        [
            new CallQueued(early, tenant, "q-a", "h", 5, at),
            new CallCompleted(early, tenant, "q-a", "agent01", at, at.AddSeconds(4), at.AddSeconds(104), 100, 30, null),
            new CallQueued(full, tenant, "q-a", "h", 5, at.AddMinutes(3)),
            new CallCompleted(full, tenant, "q-a", "agent02", at.AddMinutes(3), at.AddMinutes(3).AddSeconds(8), at.AddMinutes(3).AddSeconds(68), 50, 30, null, HoldSeconds: 10),
            new CallWrapUpEnded(full, tenant, "q-a", at.AddMinutes(3), "agent02", at.AddMinutes(3).AddSeconds(68), at.AddMinutes(3).AddSeconds(98), 30),
        ];
        foreach (var e in events)
            await _calls.UpsertAsync(FactsOf(e)!, default);

        var aggregates = new CallAggregates(db.Database, _calls);
        var subject = new ReportSubject(tenant, "Tenant", "UTC", "en", [("q-a", "A")]);
        var book = new ContractBook([], [SlaContract.Default(tenant, "q-a", 20, 0.8)]);
        var query = new ReportQuery(tenant, new LocalDate(2026, 11, 12), new LocalDate(2026, 11, 12), Granularity.Day);
        async Task<(double? ByRecords, double? BySummaries, string RecordsJson, string SummariesJson)> AhtAsync()
        {
            var byRecords = new SlaReportBuilder(query, subject, book);
            var (start, end) = byRecords.Range;
            await foreach (var call in _calls.ListAsync(tenant, null, start, end))
                byRecords.Add(call);
            var bySummaries = new SlaReportBuilder(query, subject, book);
            Assert.True(await aggregates.FeedAsync(bySummaries, tenant));
            var (r, s) = (byRecords.Build(Utc(2026, 12, 1, 0, 0)), bySummaries.Build(Utc(2026, 12, 1, 0, 0)));
            return (r.Rows.Single(x => x.QueueId == "q-a").Figures.AverageHandleSeconds, s.Rows.Single(x => x.QueueId == "q-a").Figures.AverageHandleSeconds,
                JsonSerializer.Serialize(r), JsonSerializer.Serialize(s));
        }

        var before = await AhtAsync(); // sums the bucket and stores its summary
        Assert.Equal((130 + 90) / 2.0, before.ByRecords);
        Assert.Equal(before.RecordsJson, before.SummariesJson);

        // The early end arrives late, for a bucket already summed, and again (a redelivery): the summary is summed again.
        var ended = new CallWrapUpEnded(early, tenant, "q-a", at, "agent01", at.AddSeconds(104), at.AddSeconds(116), 12);
        await _calls.UpsertAsync(FactsOf(ended)!, default);
        await _calls.UpsertAsync(FactsOf(ended)!, default);
        var after = await AhtAsync();
        Assert.Equal((112 + 90) / 2.0, after.ByRecords); // (100 + 12) and (50 + 10 + 30)
        Assert.Equal(after.ByRecords, after.BySummaries);
        Assert.Equal(after.RecordsJson, after.SummariesJson);

        // A CallCompleted redelivered afterwards does not bring the configured 30 s back.
        await _calls.UpsertAsync(FactsOf(events[1])!, default);
        Assert.Equal(after.ByRecords, (await AhtAsync()).BySummaries);
    }

    [Fact]
    public async Task Purge_DeletesTheWrapUpsOfThePurgedCalls()
    {
        var tenant = NewTenant();
        var old = Guid.NewGuid();
        var at = Utc(2020, 1, 1, 9, 0);
        await _calls.UpsertAsync(FactsOf(new CallQueued(old, tenant, "q-a", "h", 5, at))!, default);
        await _calls.UpsertAsync(FactsOf(new CallWrapUpEnded(old, tenant, "q-a", at, "a", at.AddSeconds(60), at.AddSeconds(61), 1))!, default);
        Assert.True(await _calls.PurgeAsync(Utc(2020, 1, 2, 0, 0)) >= 1);
        var left = await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteScalarAsync<long>(c,
            "SELECT count(*) FROM call_wrap_up WHERE call_id = @Id", new { Id = old.ToString() }), default);
        Assert.Equal(0, left);
    }
}

public sealed class SqliteCallRecordWrapUpTests(SqliteTestDatabase db) : CallRecordWrapUpTests<SqliteTestDatabase>(db);

public sealed class PostgresCallRecordWrapUpTests(PostgresTestDatabase db) : CallRecordWrapUpTests<PostgresTestDatabase>(db);
