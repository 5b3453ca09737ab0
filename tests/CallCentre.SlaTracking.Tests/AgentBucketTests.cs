using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using CallCentre.Hosting.Data;
using CallCentre.Testing;
using Dapper;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The agent report read from the sums kept per bucket, hour and day equals the report counted from the stored rows
/// themselves, on a generated week of four agents whose events arrive shuffled, each one to three times, several at once; so it
/// does after migration 013 backfills the sums of rows stored before it, and after the day sums are cut (again) in a zone, during
/// the writes or after them.</summary>
public abstract class AgentBucketTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset Now = Utc(2026, 11, 15, 17, 0);
    // Days that start on a quarter hour but not on an hour (UTC+05:45, UTC-03:30).
    private const string Paris = "Europe/Paris", Kathmandu = "Asia/Kathmandu", StJohns = "America/St_Johns";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private abstract record Event;
    private sealed record State(string Agent, string[] Tenants, string Name, DateTimeOffset At, string? Reason) : Event;
    private sealed record Offer(Guid Call, string Tenant, string Agent, DateTimeOffset At, string? Reason, DateTimeOffset? ReturnedAt) : Event;
    private sealed record Leg(CallLegEnded Message) : Event;

    /// <summary>A week (Monday 9 to Sunday 15 November 2026) of agents a1, a2 (tenants t1 and t2), a3 (t1) and a4 (t2): offers
    /// declined or rung out, answered calls (some transferred, some with hold), breaks with and without a reason, two changes at
    /// the same instant, nights not logged out, a leg with no agent, and a4 still logged in at the end.</summary>
    private static List<Event> Week(string prefix, string t1, string t2)
    {
        var random = new Random(17);
        var agents = new (string Id, string[] Tenants)[] { (prefix + "a1", [t1, t2]), (prefix + "a2", [t1, t2]), (prefix + "a3", [t1]), (prefix + "a4", [t2]) };
        var events = new List<Event>();
        foreach (var (agent, tenants) in agents)
            for (var day = 0; day < 7; day++)
            {
                var t = Utc(2026, 11, 9 + day, 7, 0).AddMilliseconds(random.Next(0, 3_600_000));
                events.Add(new State(agent, tenants, "Available", t, null));
                for (var k = 0; k < 12; k++)
                {
                    t = t.AddMilliseconds(random.Next(0, 600_000));
                    var tenant = tenants[random.Next(tenants.Length)];
                    var call = Guid.NewGuid();
                    if (random.Next(8) == 0)
                    {
                        events.Add(new State(agent, tenants, "Reserved", t, null));
                        var missed = random.Next(2) == 0;
                        var back = t.AddMilliseconds(missed ? 15_000 : random.Next(1_000, 6_000));
                        events.Add(new Offer(call, tenant, agent, t, missed ? OfferReturn.Missed : OfferReturn.Rejected, back));
                        events.Add(new State(agent, tenants, missed ? "NotReady" : "Available", back, missed ? "missed" : null));
                        t = back.AddMilliseconds(random.Next(1_000, 120_000));
                        if (missed)
                            events.Add(new State(agent, tenants, "Available", t, null));
                    }
                    events.Add(new State(agent, tenants, "Reserved", t, null));
                    events.Add(new Offer(call, tenant, agent, t, null, null));
                    var answered = t.AddMilliseconds(random.Next(2_000, 9_000));
                    events.Add(new State(agent, tenants, "OnCall", answered, null));
                    var talk = random.Next(30_000, 400_000) / 1000.0;
                    var hold = random.Next(3) == 0 ? random.Next(0, 60_000) / 1000.0 : 0;
                    var wrap = k % 9 == 4 ? 0 : random.Next(1_000, 90_000) / 1000.0;
                    var ended = answered.AddMilliseconds((talk + hold) * 1000);
                    events.Add(new State(agent, tenants, "AfterCallWork", ended, null));
                    // With no after-call work, AfterCallWork and Available share an instant.
                    t = ended.AddMilliseconds(wrap * 1000);
                    events.Add(new State(agent, tenants, "Available", t, null));
                    events.Add(new Leg(new CallLegEnded(call, tenant, tenant + "-q", agent, t.AddSeconds(-30), answered, ended,
                        random.Next(10) == 0 ? CallLegEnd.Transferred : CallLegEnd.Completed, talk, hold, wrap, null)));
                    if (random.Next(12) == 0)
                    {
                        events.Add(new State(agent, tenants, "NotReady", t, new[] { "break", "lunch", null }[random.Next(3)]));
                        t = t.AddMilliseconds(random.Next(60_000, 2_400_000));
                        events.Add(new State(agent, tenants, "Available", t, null));
                    }
                }
                if (day % 3 != 1 && !(agent.EndsWith("a4") && day == 6))
                    events.Add(new State(agent, tenants, "LoggedOut", t.AddSeconds(5), null));
            }
        events.Add(new Leg(new CallLegEnded(Guid.NewGuid(), t1, t1 + "-q", "", Utc(2026, 11, 10, 9, 0), Utc(2026, 11, 10, 9, 1),
            Utc(2026, 11, 10, 9, 3), CallLegEnd.Completed, 120, 0, 0, null)));
        return events;
    }

    private static async Task IngestAsync(ModuleDatabase<SlaTrackingModule> database, IEnumerable<Event> events)
    {
        var states = new AgentStateStore(database);
        var offers = new AgentReportStore(database);
        var calls = new CallRecordStore(database);
        var random = new Random(5);
        var repeated = events.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).OrderBy(_ => random.Next()).ToList();
        // Legs go through the batch write, several (and the same one twice) per transaction.
        var legBatches = repeated.OfType<Leg>().Select(l => CallRecordConsumer.CallFactsOf(l.Message)).Chunk(7).ToList();
        Task Record(Event e) => e switch
        {
            State s => states.RecordAsync(s.Agent, s.Tenants, s.Name, s.At, default, s.Reason),
            Offer o => offers.RecordOfferAsync(o.Call, o.Tenant, o.Tenant + "-q", o.Agent, o.At, o.Reason, o.ReturnedAt, default),
            _ => throw new InvalidOperationException(),
        };
        var work = repeated.Where(e => e is not Leg).Select(e => (Func<Task>)(() => Record(e))).Concat(legBatches.Select(b => (Func<Task>)(() => calls.UpsertManyAsync(b, default)))).OrderBy(_ => random.Next()).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (w, _) => await w());
    }

    /// <summary>Compares the report with the one counted from the rows: every state change of the covered agents, the legs and
    /// offers summed by the database per bucket.</summary>
    private static async Task AssertSumsEqualRowsAsync(ModuleDatabase<SlaTrackingModule> database, IReadOnlyList<string> tenants,
        string zone = Paris, bool days = true)
    {
        var store = new AgentReportStore(database);
        // Days and months read the day sums only when they are cut in the report's zone; else the hour or 15-minute sums.
        Assert.Equal(days, await database.RunAsync((c, t) => AgentBuckets.DayZoneAsync(c, null, t)) == zone);
        var builder = new AgentReportBuilder(store, new CentreDefinition([], [], []),
            new CentreTimeZone(TimeZoneInfo.FindSystemTimeZoneById(zone)), new FixedClock(Now));
        var allChanges = await database.RunAsync((c, _) => c.QueryAsync<(string, string, string?, long, string)>(
            "SELECT agent_id, state, reason, changed_at, tenant_ids FROM agent_state_change"));
        var changes = allChanges.Where(r => tenants.Any(t => r.Item5.Contains("," + t + ",", StringComparison.Ordinal)))
            .Select(r => new AgentStateChange(r.Item1, r.Item2, r.Item3, DateTimeOffset.FromUnixTimeMilliseconds(r.Item4))).ToList();
        Assert.True(changes.Count > 500);
        var calendar = new ReportingCalendar(zone);
        foreach (var (from, to, granularity, minutes) in new[]
                 {
                     (new LocalDate(2026, 11, 9), new LocalDate(2026, 11, 15), Granularity.Interval, 15),
                     (new LocalDate(2026, 11, 10), new LocalDate(2026, 11, 13), Granularity.Interval, 30),
                     (new LocalDate(2026, 11, 9), new LocalDate(2026, 11, 15), Granularity.Day, 30),
                     (new LocalDate(2026, 11, 11), new LocalDate(2026, 11, 15), Granularity.Month, 30),
                 })
        {
            var report = await builder.BuildAsync(tenants, from, to, granularity, minutes, default);
            var (start, end) = calendar.Range(from, to);
            var periods = calendar.Periods(start, end, granularity, minutes).ToList();
            var expected = AgentPerformanceCounter.Count(periods, await store.LegBucketsAsync(tenants, start, end, default),
                await store.OfferBucketsAsync(tenants, start, end, default), changes, new Dictionary<string, string>(), Now < end ? Now : end);
            Assert.Contains(expected, r => r is { AgentId: not null, Answered: > 0, LoggedInSeconds: > 0 });
            Assert.Contains(expected, r => r is { AgentId: not null, Missed: > 0, NotReadySeconds: > 0 });
            Assert.Equal(expected.Select(r => (r.AgentId, r.Period)), report.Rows.Select(r => (r.AgentId, r.Period)));
            foreach (var (e, a) in expected.Zip(report.Rows))
            {
                Assert.Equal((e.Offered, e.Answered, e.Missed, e.Rejected, e.Transfers), (a.Offered, a.Answered, a.Missed, a.Rejected, a.Transfers));
                double?[] figures(AgentPerformanceRow r) =>
                [
                    r.TalkSeconds, r.HoldSeconds, r.AfterCallWorkSeconds, r.HandleSeconds, r.AverageTalkSeconds, r.AverageHoldSeconds,
                    r.AverageAfterCallWorkSeconds, r.AverageHandleSeconds, r.LoggedInSeconds, r.StaffedSeconds, r.BusySeconds, r.Occupancy,
                    r.NotReadySeconds,
                ];
                foreach (var (x, y) in figures(e).Zip(figures(a)))
                    Assert.True(x is null ? y is null : y is not null && Math.Abs(x.Value - y.Value) < 1e-6,
                        $"{e.AgentId} {e.Period}: {string.Join(", ", figures(e))} ≠ {string.Join(", ", figures(a))}");
                Assert.Equal(e.NotReadyByReason.OrderBy(p => p.Key), a.NotReadyByReason.OrderBy(p => p.Key));
            }
            Assert.Equal(await store.HandleTimeDistributionAsync(tenants, start, end, AgentReportBuilder.BinSeconds, AgentReportBuilder.Bins, default),
                report.HandleTimeDistribution);
        }
    }

    [Fact]
    public async Task ShuffledRepeatedWeek_SumsEqualTheRows()
    {
        string t1 = NewTenant(), t2 = NewTenant();
        var week = Week("ag-" + Guid.NewGuid().ToString("N")[..6] + "-", t1, t2);
        Assert.Contains(week, e => e is State { Name: "NotReady", Reason: null });
        Assert.Contains(week, e => e is Offer { Reason: OfferReturn.Missed });
        Assert.Contains(week, e => e is Offer { Reason: OfferReturn.Rejected });

        var store = new AgentReportStore(db.Database);

        // Half the events before any day zone is recorded (as before migration 018), the rest while the day sums are cut.
        await IngestAsync(db.Database, week.Where((_, i) => i % 2 == 0));
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], days: false);
        await Task.WhenAll(IngestAsync(db.Database, week.Where((_, i) => i % 2 == 1)), Task.Run(() => store.UseDayZoneAsync(Paris, default)));

        await AssertSumsEqualRowsAsync(db.Database, [t1, t2]);
        await AssertSumsEqualRowsAsync(db.Database, [t1]);
        Assert.False(await store.UseDayZoneAsync(Paris, default));
        Assert.True(await store.UseDayZoneAsync(Kathmandu, default));
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], Kathmandu);
        // A report in another zone than the day sums' reads the hour or 15-minute sums.
        await AssertSumsEqualRowsAsync(db.Database, [t2], StJohns, days: false);
        Assert.True(await store.UseDayZoneAsync(StJohns, default));
        await IngestAsync(db.Database, week.Where((_, i) => i % 3 == 0));
        await AssertSumsEqualRowsAsync(db.Database, [t2], StJohns);
    }

    [Fact]
    public async Task PackedDays_EqualTheRows_ThroughLateWrites()
    {
        string t1 = NewTenant(), t2 = NewTenant();
        var week = Week("pk-" + Guid.NewGuid().ToString("N")[..6] + "-", t1, t2);
        var store = new AgentReportStore(db.Database);
        // The class's other tests expect the day zone as they leave it: this one only reads it.
        var cutIn = await db.Database.RunAsync((c, t) => AgentBuckets.DayZoneAsync(c, null, t));
        async Task<long?> Through() => await db.Database.RunAsync((c, t) => AgentPackedDays.ThroughAsync(c, null, t));
        var today = AgentPackedDays.DayOf(AgentBuckets.FirstBucketFrom(Now) - 1);
        var wednesday = AgentPackedDays.DayOf(AgentBuckets.FirstBucketFrom(Utc(2026, 11, 11, 0, 0)));

        await IngestAsync(db.Database, week.Where((_, i) => i % 2 == 0));
        // Monday and Tuesday packed, the rest read as rows: an interval report spans both.
        Assert.True(await store.PackClosedDaysAsync(Utc(2026, 11, 11, 3, 0), default) >= 2);
        Assert.Equal(0, await store.PackClosedDaysAsync(Utc(2026, 11, 11, 3, 0), default));
        Assert.Equal<long?>(wednesday, await Through());
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], days: cutIn == Paris);
        await AssertSumsEqualRowsAsync(db.Database, [t1], days: cutIn == Paris);

        // Writes to packed days while days are packed: each moves the packed days back to its own, and they are packed again.
        await Task.WhenAll(IngestAsync(db.Database, week.Where((_, i) => i % 2 == 1)), store.PackClosedDaysAsync(Now, default));
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], days: cutIn == Paris);
        await store.PackClosedDaysAsync(Now, default);
        Assert.Equal<long?>(today, await Through());
        await AssertSumsEqualRowsAsync(db.Database, [t2], days: cutIn == Paris);
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], Kathmandu, days: cutIn == Kathmandu);

        await IngestAsync(db.Database, week.Where((_, i) => i % 3 == 0).OfType<State>().Select(s => s with { At = s.At.AddMinutes(-7) }));
        Assert.True(await Through() < today);
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], days: cutIn == Paris);
        await store.PackClosedDaysAsync(Now, default);
        await AssertSumsEqualRowsAsync(db.Database, [t1, t2], days: cutIn == Paris);
    }

    [Fact]
    public async Task RowsStoredBeforeMigration013_AreBackfilled()
    {
        await using var older = await OlderSchemaDatabase<SlaTrackingModule>.CreateAsync(db.Database, "013_agent_buckets.sql");
        string t1 = NewTenant(), t2 = NewTenant();
        var week = Week("ag-", t1, t2);
        await older.Database.RunAsync(async (c, _) =>
        {
            foreach (var s in week.OfType<State>())
                await c.ExecuteAsync("""
                    INSERT INTO agent_state_change (agent_id, changed_at, state, tenant_ids, reason) VALUES (@Agent, @At, @Name, @Tenants, @Reason)
                    """, new { s.Agent, At = s.At.ToUnixTimeMilliseconds(), s.Name, Tenants = "," + string.Join(",", s.Tenants) + ",", s.Reason });
            foreach (var o in week.OfType<Offer>().GroupBy(o => o.Call).SelectMany(g => g.GroupBy(o => o.At))
                         .Select(g => g.OrderBy(o => o.Reason is null).First()))
                await c.ExecuteAsync("""
                    INSERT INTO agent_offer (call_id, offered_at, agent_id, tenant_id, queue_id, returned_at, return_reason)
                    VALUES (@Call, @At, @Agent, @Tenant, 'q', @ReturnedAt, @Reason)
                    """, new { Call = o.Call.ToString(), At = o.At.ToUnixTimeMilliseconds(), o.Agent, o.Tenant, ReturnedAt = o.ReturnedAt?.ToUnixTimeMilliseconds(), o.Reason });
            foreach (var l in week.OfType<Leg>().Select(l => l.Message))
                await c.ExecuteAsync("""
                    INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by, talk_seconds,
                                          hold_seconds, wrap_up_seconds)
                    VALUES (@Call, @EndedAt, @TenantId, @QueueId, @AgentId, @QueuedAt, @AnsweredAt, @EndedBy, @TalkSeconds, @HoldSeconds, @WrapUpSeconds)
                    """, new
                {
                    Call = l.CallId.ToString(), EndedAt = l.EndedAt.ToUnixTimeMilliseconds(), l.TenantId, l.QueueId, l.AgentId,
                    QueuedAt = l.QueuedAt.ToUnixTimeMilliseconds(), AnsweredAt = l.AnsweredAt.ToUnixTimeMilliseconds(), l.EndedBy, l.TalkSeconds,
                    l.HoldSeconds, l.WrapUpSeconds,
                });
        });

        await older.ApplyTheRestAsync();

        await AssertSumsEqualRowsAsync(older.Database, [t1, t2], days: false);
        // What AgentDayZoneKeeper does at start.
        Assert.True(await new AgentReportStore(older.Database).UseDayZoneAsync(Paris, default));
        await AssertSumsEqualRowsAsync(older.Database, [t1, t2]);
        // Events after the migration (again, and more of the same agents) keep the sums equal to the rows.
        await IngestAsync(older.Database, week.Where((_, i) => i % 5 == 0));
        await IngestAsync(older.Database, Week("ag-", t1, t2).Select(e => e switch
        {
            State s => s with { At = s.At.AddDays(-7) },
            _ => e,
        }).OfType<State>());
        await AssertSumsEqualRowsAsync(older.Database, [t2]);
    }
}

public sealed class SqliteAgentBucketTests(SqliteTestDatabase db) : AgentBucketTests<SqliteTestDatabase>(db);

public sealed class PostgresAgentBucketTests(PostgresTestDatabase db) : AgentBucketTests<PostgresTestDatabase>(db);
