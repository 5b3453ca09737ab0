using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.Testing;
using Dapper;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A database holding a generated month as the older events recorded it (records, answers, transfers, wrap-ups) is
/// migrated by 008: every call's legs are backfilled, and the interval, day and month reports, record by record and through the
/// bucket summaries, equal the month's own.</summary>
public abstract class LegBackfillTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private const string Main = "q-main", Cards = "q-cards";
    private static readonly ReportSubject Subject = new(Tenant, "Banque Lumière", "Europe/Paris", "fr", [(Main, "Particuliers"), (Cards, "Cartes")]);
    private static readonly ContractBook Book = new([], [SlaContract.Default(Tenant, Main, 20, 0.8) with { AhtTargetSeconds = 200 },
        SlaContract.Default(Tenant, Cards, 10, 0.9)]);

    [Fact]
    public async Task RecordsOfTheOlderEvents_BecomeLegs_WithTheSameReports()
    {
        await using var older = await OlderSchemaDatabase<SlaTrackingModule>.CreateAsync(db.Database, "008_call_leg.sql");
        var month = GeneratedCallMonth.Generate(31, Tenant, [Main, Cards], Utc(2026, 9, 29, 0, 0), Utc(2026, 11, 2, 0, 0), calls: 1500);
        Assert.True(month.Count(c => c is { IsCompleted: true, Transfers: > 0 }) > 50);
        await older.Database.RunAsync(async (c, _) =>
        {
            foreach (var call in month)
                await InsertAsOlderEventsDidAsync(c, call);
            await c.ExecuteAsync(CallBucketVersions.BackfillSql);
        });

        await older.ApplyTheRestAsync();

        var calls = new CallRecordStore(older.Database);
        var aggregates = new CallAggregates(older.Database, calls);
        foreach (var (from, to, granularity) in new[] { (new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), Granularity.Month),
                     (new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), Granularity.Interval) })
        {
            var query = new ReportQuery(Tenant, from, to, granularity, 30);
            var truth = new SlaReportBuilder(query, Subject, Book);
            foreach (var call in month)
                truth.Add(LegReportComparisonTests<TDatabase>.Truth(call));
            var byRecords = new SlaReportBuilder(query, Subject, Book);
            await foreach (var call in calls.ListAsync(Tenant, null, byRecords.Range.From, byRecords.Range.To))
                byRecords.Add(call);
            var bySummaries = new SlaReportBuilder(query, Subject, Book);
            Assert.True(await aggregates.FeedAsync(bySummaries, Tenant));
            var expected = Json(truth);
            Assert.Equal(expected, Json(byRecords));
            Assert.Equal(expected, Json(bySummaries));
        }
    }

    private static string Json(SlaReportBuilder builder) => JsonSerializer.Serialize(builder.Build(Utc(2026, 12, 1, 0, 0)));

    /// <summary>The rows the store wrote before 008 once every event of the call had arrived.</summary>
    private static async Task InsertAsOlderEventsDidAsync(System.Data.Common.DbConnection c, GeneratedCall call)
    {
        var id = call.CallId.ToString();
        var last = call.Legs.LastOrDefault(l => l.EndedBy == CallLegEnd.Completed);
        static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();
        await c.ExecuteAsync("""
            INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, completed_at, agent_id,
                                     talk_seconds, wrap_up_seconds, disposition, hold_seconds, rejected_at, reject_reason, arrival_seen)
                 VALUES (@Id, @Tenant, @Queue, @QueuedAt, @AnsweredAt, @AbandonedAt, @CompletedAt, @AgentId,
                         @Talk, @WrapUp, @Disposition, @Hold, @RejectedAt, @RejectReason, @Arrival)
            """, new
        {
            Id = id, Tenant = call.TenantId, Queue = call.QueueId, QueuedAt = call.QueuedAt.ToUnixTimeMilliseconds(),
            AnsweredAt = Ms(call.FirstAnsweredAt), AbandonedAt = Ms(call.AbandonedAt), CompletedAt = Ms(last?.EndedAt), last?.AgentId,
            Talk = last?.TalkSeconds, WrapUp = last?.ConfiguredWrapUpSeconds, Disposition = last is null ? null : "resolved",
            Hold = last is { HoldSeconds: > 0 } ? last.HoldSeconds : (double?)null, RejectedAt = Ms(call.RejectedAt), call.RejectReason,
            Arrival = true,
        });
        foreach (var leg in call.Legs)
        {
            await c.ExecuteAsync("INSERT INTO call_answer (call_id, answered_at, queue_id, agent_id) VALUES (@Id, @At, @Queue, @Agent)",
                new { Id = id, At = leg.AnsweredAt.ToUnixTimeMilliseconds(), Queue = leg.QueueId, Agent = leg.AgentId });
            if (leg.EndedBy == CallLegEnd.Transferred)
                await c.ExecuteAsync("""
                    INSERT INTO call_transfer (call_id, transferred_at, from_queue_id, to_queue_id, agent_id, hold_seconds, wrap_up_seconds)
                         VALUES (@Id, @At, @From, @To, @Agent, @Hold, @WrapUp)
                    """, new { Id = id, At = leg.EndedAt.ToUnixTimeMilliseconds(), From = leg.QueueId, To = leg.ToQueueId, Agent = leg.AgentId,
                    Hold = leg.HoldSeconds, WrapUp = leg.ConfiguredWrapUpSeconds });
            if (leg.ReportedWrapUpSeconds is { } done)
                await c.ExecuteAsync("""
                    INSERT INTO call_wrap_up (call_id, started_at, agent_id, ended_at, wrap_up_seconds) VALUES (@Id, @At, @Agent, @EndedAt, @Done)
                    """, new { Id = id, At = leg.EndedAt.ToUnixTimeMilliseconds(), Agent = leg.AgentId,
                    EndedAt = leg.EndedAt.AddSeconds(done).ToUnixTimeMilliseconds(), Done = done });
        }
        if (call.AnsweredInProgressAt is { } at)
            await c.ExecuteAsync("INSERT INTO call_answer (call_id, answered_at, queue_id, agent_id) VALUES (@Id, @At, @Queue, 'agent-now')",
                new { Id = id, At = at.ToUnixTimeMilliseconds(), Queue = call.QueueId });
    }
}

public sealed class SqliteLegBackfillTests(SqliteTestDatabase db) : LegBackfillTests<SqliteTestDatabase>(db);

public sealed class PostgresLegBackfillTests(PostgresTestDatabase db) : LegBackfillTests<PostgresTestDatabase>(db);
