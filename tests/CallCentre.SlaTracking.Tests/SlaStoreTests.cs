using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The SlaTracking stores, run against SQLite and PostgreSQL (one database per test class, the fixture).</summary>
public abstract class SlaStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private readonly TestDatabase _db = db;
    private readonly CallRecordStore _calls = new(db.Database);
    private readonly ContractStore _contracts = new(db.Database);

    /// <summary>A day of call events (queued, answered, completed, abandoned, with the agents' after-call work mostly ended
    /// before the configured time) for two queues, deterministic.</summary>
    private static List<object> EventStream(string tenant, int calls, int seed)
    {
        var random = new Random(seed);
        var events = new List<object>();
        var start = Utc(2026, 10, 24, 22, 0); // 00:00 Paris on the 25th, a daylight-saving day
        for (var i = 0; i < calls; i++)
        {
            var id = Guid.NewGuid();
            var queue = i % 3 == 0 ? "q-cards" : "q-main";
            var queuedAt = start.AddSeconds(random.Next(0, 25 * 3600));
            events.Add(new CallQueued(id, tenant, queue, "hash", 5, queuedAt));
            var wait = random.Next(0, 60) + random.Next(0, 1000) / 1000.0;
            if (random.Next(12) == 0)
            {
                events.Add(new CallRejected(id, tenant, queue, random.Next(2) == 0 ? "closed" : "full", queuedAt, queuedAt));
                continue;
            }
            if (random.Next(6) == 0)
            {
                // Overflowed to the other queue: its later events name that one.
                var to = queue == "q-main" ? "q-cards" : "q-main";
                events.Add(new CallOverflowed(id, tenant, queue, to, "max-wait", queuedAt, queuedAt.AddSeconds(wait / 2)));
                queue = to;
            }
            if (random.Next(5) == 0)
            {
                events.Add(new CallAbandoned(id, tenant, queue, queuedAt, queuedAt.AddSeconds(wait)));
                continue;
            }
            var answeredAt = queuedAt.AddSeconds(wait);
            events.Add(new CallOffered(id, tenant, queue, "agent01", queuedAt, answeredAt.AddSeconds(-1)));
            events.Add(new CallAnswered(id, tenant, queue, "agent01", queuedAt, answeredAt));
            if (random.Next(6) == 0)
            {
                // Transferred after a first leg, answered again in the other queue.
                var to = queue == "q-main" ? "q-cards" : "q-main";
                var transferredAt = answeredAt.AddSeconds(random.Next(10, 120));
                events.Add(new CallTransferred(id, tenant, queue, to, "agent01", queuedAt, transferredAt, WrapUpSeconds: 5));
                var legWrapUp = random.Next(0, 6);
                events.Add(new CallWrapUpEnded(id, tenant, queue, queuedAt, "agent01", transferredAt, transferredAt.AddSeconds(legWrapUp), legWrapUp));
                queue = to;
                answeredAt = transferredAt.AddSeconds(random.Next(1, 30));
                events.Add(new CallAnswered(id, tenant, queue, "agent02", queuedAt, answeredAt));
            }
            var talk = random.Next(30, 600) + 0.5;
            var completedAt = answeredAt.AddSeconds(talk);
            events.Add(new CallCompleted(id, tenant, queue, "agent01", queuedAt, answeredAt, completedAt, talk, 7.25, "resolved"));
            if (random.Next(4) > 0) // else its end is not (yet) known: the configured 7.25 s count
            {
                var wrapUp = random.Next(0, 7) + 0.25;
                events.Add(new CallWrapUpEnded(id, tenant, queue, queuedAt, "agent01", completedAt, completedAt.AddSeconds(wrapUp), wrapUp));
            }
        }
        return events;
    }

    private async Task ApplyAsync(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            var facts = FactsOf(e);
            if (facts is not null)
                await _calls.UpsertAsync(facts, default);
        }
    }

    private async Task<string> ReportJsonAsync(string tenant, Granularity granularity)
    {
        var builder = new SlaReportBuilder(new ReportQuery(tenant, new LocalDate(2026, 10, 25), new LocalDate(2026, 10, 26), granularity, 15),
            new ReportSubject(tenant, "T", "Europe/Paris", "en", [("q-main", "Main"), ("q-cards", "Cards")]),
            new ContractBook([], [SlaContract.Default(tenant, "q-main", 20, 0.8), SlaContract.Default(tenant, "q-cards", 10, 0.9)]));
        var (from, to) = builder.Range;
        await foreach (var call in _calls.ListAsync(tenant, null, from, to))
            builder.Add(call);
        var report = builder.Build(Utc(2026, 12, 1, 0, 0));
        return JsonSerializer.Serialize(new { report.Rows, report.Compliance });
    }

    [Fact]
    public async Task SameEventStreamTwiceAndShuffled_GivesIdenticalReports()
    {
        var tenant = NewTenant();
        var events = EventStream(tenant, 150, seed: 42);

        await ApplyAsync(events);
        var once = await ReportJsonAsync(tenant, Granularity.Interval);
        await ApplyAsync(Shuffled(events, 1));
        await ApplyAsync(events);
        var again = await ReportJsonAsync(tenant, Granularity.Interval);

        Assert.Equal(once, again);
        Assert.Contains("\"Offered\":", once);
        Assert.Equal(150, await _calls.CountAsync(tenant));
    }

    [Fact]
    public async Task ShuffledEventStream_GivesTheSameReportAsTheOrderedOne()
    {
        var ordered = NewTenant();
        var shuffled = NewTenant();
        var events = EventStream(ordered, 120, seed: 7);
        // The same calls under another tenant, delivered in a random order (completions before answers, abandons before queues).
        var twin = events.Select(e => e switch
        {
            CallQueued m => (object)(m with { TenantId = shuffled }),
            CallAnswered m => m with { TenantId = shuffled },
            CallAbandoned m => m with { TenantId = shuffled },
            CallCompleted m => m with { TenantId = shuffled },
            CallOffered m => m with { TenantId = shuffled },
            CallOverflowed m => m with { TenantId = shuffled },
            CallTransferred m => m with { TenantId = shuffled },
            CallRejected m => m with { TenantId = shuffled },
            CallWrapUpEnded m => m with { TenantId = shuffled },
            _ => e,
        }).Select(e => e switch
        {
            // Distinct call ids per tenant, the same per call.
            CallQueued m => (object)(m with { CallId = Twin(m.CallId) }),
            CallAnswered m => m with { CallId = Twin(m.CallId) },
            CallAbandoned m => m with { CallId = Twin(m.CallId) },
            CallCompleted m => m with { CallId = Twin(m.CallId) },
            CallOffered m => m with { CallId = Twin(m.CallId) },
            CallOverflowed m => m with { CallId = Twin(m.CallId) },
            CallTransferred m => m with { CallId = Twin(m.CallId) },
            CallRejected m => m with { CallId = Twin(m.CallId) },
            CallWrapUpEnded m => m with { CallId = Twin(m.CallId) },
            _ => e,
        }).ToList();

        await ApplyAsync(events);
        await ApplyAsync(Shuffled(twin, 3));

        Assert.Equal(await ReportJsonAsync(ordered, Granularity.Day), await ReportJsonAsync(shuffled, Granularity.Day));
        Assert.Equal(await ReportJsonAsync(ordered, Granularity.Interval), await ReportJsonAsync(shuffled, Granularity.Interval));
    }

    private static Guid Twin(Guid id)
    {
        var bytes = id.ToByteArray();
        bytes[0] ^= 0xFF;
        return new Guid(bytes);
    }

    [Fact]
    public async Task CompletionBeforeItsQueueEvent_RecordsEveryFact()
    {
        var tenant = NewTenant();
        var id = Guid.NewGuid();
        var queuedAt = Utc(2026, 11, 10, 9, 0);
        await _calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(id, tenant, "q-b", "a1", queuedAt, queuedAt.AddSeconds(12),
            queuedAt.AddSeconds(352), CallLegEnd.Completed, 300, 40, 15, "done")), default);
        await _calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallQueued(id, tenant, "q", "hash", 5, queuedAt)), default);

        var call = Assert.Single(await _calls.ListAsync(tenant, "q", queuedAt, queuedAt.AddHours(1)).ToListAsync());

        Assert.Equal(queuedAt.AddSeconds(12), call.AnsweredAt);
        Assert.Equal(queuedAt.AddSeconds(352), call.CompletedAt);
        Assert.Equal(0, call.Transfers);
        Assert.Equal(355.0, call.HandleSeconds);
    }

    [Fact]
    public async Task OverflowedAndTransferredCall_CountsInItsArrivalQueueWithEveryLeg_InAnyOrder()
    {
        var t = Utc(2026, 11, 10, 9, 0);
        List<object> Events(string tenant, Guid id) =>
        [
            new CallQueued(id, tenant, "q-a", "hash", 5, t),
            new CallOverflowed(id, tenant, "q-a", "q-b", "max-wait", t, t.AddSeconds(30)),
            new CallAnswered(id, tenant, "q-b", "agent01", t, t.AddSeconds(40)),
            new CallLegEnded(id, tenant, "q-b", "agent01", t, t.AddSeconds(40), t.AddSeconds(100), CallLegEnd.Transferred, 60, 0, 0, null),
            new CallAnswered(id, tenant, "q-c", "agent02", t, t.AddSeconds(110)),
            new CallLegEnded(id, tenant, "q-c", "agent02", t, t.AddSeconds(110), t.AddSeconds(130), CallLegEnd.Transferred, 20, 0, 0, null),
            new CallAnswered(id, tenant, "q-a", "agent03", t, t.AddSeconds(150)),
            new CallLegEnded(id, tenant, "q-a", "agent03", t, t.AddSeconds(150), t.AddSeconds(200), CallLegEnd.Completed, 50, 0, 5, "resolved"),
        ];

        for (var seed = 0; seed < 4; seed++)
        {
            var tenant = NewTenant();
            var events = Events(tenant, Guid.NewGuid());
            await ApplyAsync(seed == 0 ? events : Shuffled(events, seed));
            await ApplyAsync(Shuffled(events, seed + 10));

            var call = Assert.Single(await _calls.ListAsync(tenant, null, t, t.AddHours(1)).ToListAsync());

            Assert.Equal(("q-a", t.AddSeconds(40), 2), (call.QueueId, call.AnsweredAt!.Value, call.Transfers));
            Assert.Equal(t.AddSeconds(200), call.CompletedAt);
            Assert.Equal(135.0, call.HandleSeconds);
        }
    }

    [Fact]
    public async Task RejectedCall_IsRecordedWithItsReason()
    {
        var tenant = NewTenant();
        var t = Utc(2026, 11, 10, 9, 0);
        var id = Guid.NewGuid();
        await ApplyAsync([new CallRejected(id, tenant, "q-a", "full", t, t.AddSeconds(1)), new CallQueued(id, tenant, "q-a", "hash", 5, t)]);

        var call = Assert.Single(await _calls.ListAsync(tenant, null, t, t.AddHours(1)).ToListAsync());

        Assert.Equal((true, "full", t.AddSeconds(1)), (call.IsRejected, call.RejectReason, call.RejectedAt!.Value));
    }

    [Fact]
    public async Task ListAsync_ReturnsOnlyTheTenantQueueAndRange()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        var t = Utc(2026, 11, 10, 9, 0);
        foreach (var (tn, q, at) in new[] { (tenant, "q1", t), (tenant, "q2", t), (tenant, "q1", t.AddHours(1)), (other, "q1", t) })
            await _calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), tn, q, at), default);

        Assert.Equal(2, (await _calls.ListAsync(tenant, null, t, t.AddMinutes(1)).ToListAsync()).Count);
        Assert.Single(await _calls.ListAsync(tenant, "q1", t, t.AddMinutes(1)).ToListAsync());
        Assert.Equal(2, (await _calls.ListAsync(tenant, "q1", t, t.AddHours(2)).ToListAsync()).Count);
    }

    [Fact]
    public async Task ContractVersions_NumberPerScopeAndRoundTripEveryTerm()
    {
        var tenant = NewTenant();
        var terms = new SlaContract(tenant, "q1", 99, Utc(2026, 11, 1, 0, 0), 0.85, 25, 0.05, 30.5, 240, MeasurementPeriod.Interval, 15,
            false, 5, true, 1234.56m, 7.5m, "CHF");

        var (v1, _) = await _contracts.AddVersionAsync(terms, Utc(2026, 10, 1, 0, 0), "admin");
        var (v2, _) = await _contracts.AddVersionAsync(terms with { EffectiveFrom = Utc(2026, 12, 1, 0, 0), ThresholdSeconds = 30 },
            Utc(2026, 10, 2, 0, 0), "admin");
        var (wide, _) = await _contracts.AddVersionAsync(terms with { QueueId = null }, Utc(2026, 10, 3, 0, 0), "admin");
        var (refused, why) = await _contracts.AddVersionAsync(terms with { EffectiveFrom = Utc(2026, 11, 15, 0, 0) }, Utc(2026, 10, 4, 0, 0), "admin");

        Assert.Equal((1, 2, 1), (v1!.Version, v2!.Version, wide!.Version));
        Assert.Null(refused);
        Assert.Equal(ContractStore.AddRefusal.NotAfterPrevious, why);
        var stored = await _contracts.ListAsync(tenant);
        Assert.Equal(3, stored.Count);
        Assert.Equal(terms with { Version = 1 }, stored.Single(c => c.QueueId == "q1" && c.Version == 1));
        Assert.Equal(30, stored.Single(c => c.QueueId == "q1" && c.Version == 2).ThresholdSeconds);
        Assert.Equal(terms with { Version = 1, QueueId = null }, stored.Single(c => c.QueueId is null));
        Assert.Empty(await _contracts.ListAsync(NewTenant()));
    }

    [Fact]
    public async Task ReportAccesses_AreKeptPerTenantNewestFirst()
    {
        var log = new ReportAccessLog(_db.Database);
        var tenant = NewTenant();
        await log.WriteAsync(new(Utc(2026, 11, 10, 9, 0), "client-a", "client", tenant, "2026-11-01", "2026-11-30", "day", "csv", "served"));
        await log.WriteAsync(new(Utc(2026, 11, 10, 9, 5), "client-b", "client", tenant, "2026-10-01", "2026-10-31", "month", "json", "not-found"));
        await log.WriteAsync(new(Utc(2026, 11, 10, 9, 6), "admin", "admin", NewTenant(), "2026-10-01", "2026-10-31", "month", "json", "served"));

        var accesses = await log.ListAsync(tenant);

        Assert.Equal(["client-b", "client-a"], accesses.Select(a => a.Subject));
        Assert.Equal(new ReportAccessLog.ReportAccess(Utc(2026, 11, 10, 9, 0), "client-a", "client", tenant, "2026-11-01", "2026-11-30",
            "day", "csv", "served"), accesses[1]);
    }

    [Fact]
    public async Task RetentionPurge_DeletesOnlyRecordsOlderThanTheRetention()
    {
        var tenant = NewTenant();
        var now = Utc(2030, 6, 1, 12, 0);
        var old = now.AddDays(-31);
        var kept = now.AddDays(-29);
        var oldId = Guid.NewGuid();
        await ApplyAsync([new CallQueued(oldId, tenant, "q", "hash", 5, old), new CallAnswered(oldId, tenant, "q", "a1", old, old.AddSeconds(5)),
            new CallTransferred(oldId, tenant, "q", "q2", "a1", old, old.AddSeconds(60))]);
        await _calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), tenant, "q", kept), default);
        var states = new AgentStateStore(_db.Database);
        // An agent of this test alone: another test's change of the same agent years away would span every bucket between.
        var agent = tenant + "-a1";
        await states.RecordAsync(agent, [tenant], "Available", old);
        await states.RecordAsync(agent, [tenant], "OnCall", kept);
        var job = new RetentionPurgeJob(_calls, states, new WebhookStore(_db.Database), new ManualTime(now),
            Options.Create(new SlaOptions { RetentionDays = 30 }), Options.Create(new WebhookOptions()), NullLogger<RetentionPurgeJob>.Instance);

        var deleted = await job.PurgeOnceAsync();

        Assert.True(deleted >= 1);
        var left = Assert.Single(await _calls.ListAsync(tenant, null, old.AddDays(-1), now).ToListAsync());
        Assert.Equal(kept, left.QueuedAt);
        Assert.Equal(["OnCall"], (await states.ListAsync(tenant, old, now)).Select(s => s.State));
        // The purged call's answers and transfers went with it: the same id recorded again starts afresh.
        await _calls.UpsertAsync(new CallRecordStore.CallFacts(oldId, tenant, "q", kept.AddMinutes(1)), default);
        Assert.Equal(0, Assert.Single(await _calls.ListAsync(tenant, null, kept.AddMinutes(1), now).ToListAsync()).Transfers);
    }

    [Fact]
    public async Task AgentStateChanges_AreKeptOncePerChangeAndFoundByExactTenant()
    {
        var store = new AgentStateStore(_db.Database);
        var tenant = NewTenant();
        var t = Utc(2026, 11, 10, 9, 0);
        var (a1, a2, a3) = (tenant + "-a1", tenant + "-a2", tenant + "-a3");
        await store.RecordAsync(a1, [tenant, "other"], "Available", t);
        await store.RecordAsync(a1, [tenant, "other"], "Available", t);
        await store.RecordAsync(a1, [tenant, "other"], "OnCall", t.AddMinutes(5));
        await store.RecordAsync(a2, [tenant + "-x"], "Available", t);
        await store.RecordAsync(a3, [tenant.ToUpperInvariant()], "Available", t);

        var changes = await store.ListAsync(tenant, t, t.AddHours(1));

        Assert.Equal([(a1, "Available", t), (a1, "OnCall", t.AddMinutes(5))], changes.Select(c => (c.AgentId, c.State, c.At)));
    }
}

public sealed class SqliteSlaStoreTests(SqliteTestDatabase db) : SlaStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresSlaStoreTests(PostgresTestDatabase db) : SlaStoreTests<PostgresTestDatabase>(db);
