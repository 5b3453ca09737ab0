using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using CallCentre.Testing;
using Dapper;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>A database holding a generated month as the older events recorded it (the last leg of every completed call, the
/// wrap-ups reported) is migrated by 004: the volumes and handle times per interval are the ones the older rows gave.</summary>
public abstract class LegBackfillTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly string[] Queues = ["q-main", "q-cards"];
    private static readonly DateTimeOffset From = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), To = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RowsOfTheOlderEvents_BecomeLegs_WithTheSameVolumes()
    {
        await using var older = await OlderSchemaDatabase<SchedulingModule>.CreateAsync(db.Database, "004_call_leg.sql");
        const string tenant = "lumiere-bank";
        var month = GeneratedCallMonth.Generate(41, tenant, Queues, From, To, calls: 1500);
        await older.Database.RunAsync(async (c, _) =>
        {
            foreach (var call in month)
            {
                var last = call.Legs.LastOrDefault(l => l.EndedBy == CallLegEnd.Completed);
                await c.ExecuteAsync("""
                    INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds, completed_at, talk_plus_hold, wrap_up_seconds)
                         VALUES (@Id, @Tenant, @Queue, @QueuedAt, @Handle, @CompletedAt, @TalkPlusHold, @WrapUp)
                    """, new
                {
                    Id = call.CallId.ToString(), Tenant = tenant, Queue = call.QueueId, QueuedAt = call.QueuedAt.ToUnixTimeMilliseconds(),
                    Handle = last is null ? (double?)null : last.TalkSeconds + last.HoldSeconds + last.ConfiguredWrapUpSeconds,
                    CompletedAt = last?.EndedAt.ToUnixTimeMilliseconds(), TalkPlusHold = last is null ? (double?)null : last.TalkSeconds + last.HoldSeconds,
                    WrapUp = last?.ConfiguredWrapUpSeconds,
                });
                foreach (var leg in call.Legs.Where(l => l.ReportedWrapUpSeconds is not null))
                    await c.ExecuteAsync("INSERT INTO call_wrap_up (call_id, started_at, wrap_up_seconds) VALUES (@Id, @At, @Done)",
                        new { Id = call.CallId.ToString(), At = leg.EndedAt.ToUnixTimeMilliseconds(), Done = leg.ReportedWrapUpSeconds });
            }
        });

        await older.ApplyTheRestAsync();

        var store = new VolumeStore(older.Database);
        foreach (var queue in Queues)
        {
            var expected = month.Where(c => c.QueueId == queue)
                .GroupBy(c => c.QueuedAt.ToUnixTimeMilliseconds() / 1_800_000 * 1_800_000).OrderBy(g => g.Key)
                .Select(g => (g.Key, (long)g.Count(), (long)g.Count(c => c.IsCompleted),
                    g.Sum(c => c.Legs.LastOrDefault(l => l.EndedBy == CallLegEnd.Completed)?.HandleSeconds ?? 0)))
                .ToList();
            var actual = (await store.VolumesAsync(tenant, queue, From, To, 30, default))
                .Select(r => (r.IntervalStart, r.Calls, r.Handled, r.HandleSeconds)).ToList();
            Assert.Equal(expected, actual);
        }
    }
}

public sealed class SqliteLegBackfillTests(SqliteTestDatabase db) : LegBackfillTests<SqliteTestDatabase>(db);

public sealed class PostgresLegBackfillTests(PostgresTestDatabase db) : LegBackfillTests<PostgresTestDatabase>(db);
