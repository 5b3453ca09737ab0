using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A report is fed summaries per 15-minute bucket (<see cref="CallAggregates"/>, kept current through the buckets'
/// versions); the C# counting can also be fed every record. On a generated month (Europe/Paris, with the autumn
/// daylight-saving day) under contract versions that change mid-interval and mid-day, with every combination of the counting
/// rules and every measurement period, both must give the same report, figure for figure: when the summaries are first
/// computed, when they are read back, after late events change calls of past buckets, and after a purge. Batched writes
/// (<see cref="CallRecordStore.UpsertManyAsync"/>, <see cref="CallRecordWriter"/>) must give the same records as writing the
/// events one by one. On SQLite and PostgreSQL.</summary>
public abstract class ReportAggregationTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private const string Main = "q-main", Cards = "q-cards", Elsewhere = "q-other-tenant";
    private readonly CallRecordStore _calls = new(db.Database);
    private readonly CallAggregates _aggregates = new(db.Database, new CallRecordStore(db.Database));

    /// <summary>Voice lines and three other kinds' lines; the cards queue's chats are in no line (left out, like another queue).</summary>
    private static readonly ReportSubject Subject = new(Tenant, "Banque Lumière", "Europe/Paris", "fr",
        [(Main, "Particuliers"), (Cards, "Cartes"), (ReportLine.Of(Main, ContactKinds.Chat), "Particuliers · Chat"),
         (ReportLine.Of(Main, ContactKinds.Callback), "Particuliers · Rappel"), (ReportLine.Of(Cards, ContactKinds.Email), "Cartes · E-mail")]);
    private static readonly SlaContract[] Defaults = [SlaContract.Default(Tenant, Main, 20, 0.8), SlaContract.Default(Tenant, Cards, 10, 0.9)];

    /// <summary>Every rule combination (abandons in the denominator × abandons within as met × a short-abandon threshold or
    /// not) and every measurement period, starting at odd instants, per queue and tenant-wide.</summary>
    private static readonly SlaContract[] Stored =
    [
        new(Tenant, Main, 1, Utc(2026, 10, 3, 10, 7, 13), 0.8, 20, MaxAbandonmentRate: 0.05, Period: MeasurementPeriod.Interval,
            IntervalMinutes: 15, AbandonsInDenominator: true, ShortAbandonSeconds: 5, AbandonsWithinThresholdAsMet: false,
            PenaltyPerMissedPeriod: 10m, CreditPerMetPeriod: 1m),
        new(Tenant, Main, 2, Utc(2026, 10, 8, 21, 44, 2), 0.85, 15, AsaTargetSeconds: 12, Period: MeasurementPeriod.Day,
            AbandonsInDenominator: false, ShortAbandonSeconds: 0, AbandonsWithinThresholdAsMet: false, PenaltyPerMissedPeriod: 100m),
        new(Tenant, Main, 3, Utc(2026, 10, 16, 13, 22, 41), 0.75, 30, AhtTargetSeconds: 200, Period: MeasurementPeriod.Interval,
            IntervalMinutes: 30, AbandonsInDenominator: true, ShortAbandonSeconds: 3, AbandonsWithinThresholdAsMet: true),
        new(Tenant, Main, 4, Utc(2026, 10, 25, 0, 30, 0), 0.9, 10, MaxAbandonmentRate: 0.1, Period: MeasurementPeriod.Month,
            AbandonsInDenominator: false, ShortAbandonSeconds: 10, AbandonsWithinThresholdAsMet: true, CreditPerMetPeriod: 500m),
        new(Tenant, null, 1, Utc(2026, 10, 12, 8, 0, 0), 0.8, 25, Period: MeasurementPeriod.Interval, IntervalMinutes: 15,
            AbandonsInDenominator: false, ShortAbandonSeconds: 4, AbandonsWithinThresholdAsMet: true, PenaltyPerMissedPeriod: 2m),
        new(Tenant, null, 2, Utc(2026, 10, 20, 11, 11, 11), 0.7, 40, AsaTargetSeconds: 20, Period: MeasurementPeriod.Day,
            AbandonsInDenominator: true, ShortAbandonSeconds: 0, AbandonsWithinThresholdAsMet: false),
        new(Tenant, null, 3, Utc(2026, 10, 27, 6, 59, 59), 0.8, 20, Period: MeasurementPeriod.Interval, IntervalMinutes: 30,
            AbandonsInDenominator: true, ShortAbandonSeconds: 6, AbandonsWithinThresholdAsMet: false),
        new(Tenant, Main, 1, Utc(2026, 10, 9, 9, 3, 20), 0.9, 60, Period: MeasurementPeriod.Interval, IntervalMinutes: 15,
            ShortAbandonSeconds: 5, PenaltyPerMissedPeriod: 3m, Kind: ContactKinds.Chat),
        new(Tenant, null, 1, Utc(2026, 10, 18, 16, 0, 0), 0.8, 40, Period: MeasurementPeriod.Day, AbandonsInDenominator: false,
            Kind: ContactKinds.Email, WaitClock: WaitClocks.Business),
        // The measure changes within a day: the day's rows count by business hours, its intervals by the wall clock.
        new(Tenant, null, 2, Utc(2026, 10, 22, 9, 30, 0), 0.8, 20, Period: MeasurementPeriod.Interval, IntervalMinutes: 15,
            ShortAbandonSeconds: 3, Kind: ContactKinds.Email),
        new(Tenant, Main, 1, Utc(2026, 10, 5, 12, 0, 0), 0.8, 25, Period: MeasurementPeriod.Day, Kind: ContactKinds.Callback,
            CallbackAnswer: CallbackAnswers.FirstDial),
        new(Tenant, Main, 2, Utc(2026, 10, 14, 7, 45, 0), 0.8, 30, Period: MeasurementPeriod.Interval, IntervalMinutes: 30,
            ShortAbandonSeconds: 4, Kind: ContactKinds.Callback),
        new(Tenant, Main, 3, Utc(2026, 10, 26, 18, 10, 0), 0.9, 15, Period: MeasurementPeriod.Month, AbandonsWithinThresholdAsMet: true,
            Kind: ContactKinds.Callback, CallbackAnswer: CallbackAnswers.FirstDial),
    ];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static readonly (LocalDate From, LocalDate To, Granularity Granularity, int Minutes)[] Cases =
    [
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Month, 30),
        (new(2026, 9, 1), new(2026, 11, 30), Granularity.Month, 30),
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Day, 30),
        (new(2026, 10, 10), new(2026, 10, 27), Granularity.Day, 30),
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Interval, 15),
        (new(2026, 10, 24), new(2026, 10, 26), Granularity.Interval, 30),
    ];

    [Fact]
    public async Task GeneratedMonth_SummariesAndRecords_GiveIdenticalReports_ThroughLateEventsAndPurge()
    {
        var random = new Random(5);
        var facts = Generate(random, Tenant, calls: 2500);
        await ApplyOneByOneAsync(facts);

        await AssertBothWaysEqualAsync(); // computes and stores every bucket's summary of the tenant
        await AssertBothWaysEqualAsync(); // reads them back
        var before = await ReportJsonAsync(Cases[0]);

        // Late events in past buckets: earlier answers, answers of waiting calls, abandons, arrivals that move a call to the
        // other queue, new calls.
        var late = new List<CallRecordStore.CallFacts>();
        foreach (var call in facts.Where(f => f.IsArrival).OrderBy(_ => random.Next()).Take(300))
        {
            switch (random.Next(4))
            {
                case 0:
                    late.Add(new(call.CallId, call.TenantId, call.QueueId, call.QueuedAt, AnsweredAt: call.QueuedAt.AddMilliseconds(random.Next(0, 25_000))));
                    break;
                case 1:
                    late.Add(new(call.CallId, call.TenantId, call.QueueId, call.QueuedAt, AbandonedAt: call.QueuedAt.AddMilliseconds(random.Next(0, 60_000))));
                    break;
                case 2:
                    late.Add(call with { QueueId = call.QueueId == Main ? Cards : Main });
                    break;
                default:
                    late.Add(Leg(call.CallId, call.TenantId, call.QueueId, call.QueuedAt, call.QueuedAt.AddMilliseconds(random.Next(0, 40_000)),
                        call.QueuedAt.AddMinutes(9), CallLegEnd.Completed, 61.125, 0, 3.5));
                    break;
            }
        }
        // And transferred legs reported after the completed leg of their call.
        foreach (var done in facts.Where(f => f.Leg?.EndedBy == CallLegEnd.Completed).OrderBy(_ => random.Next()).Take(100))
            late.Add(Leg(done.CallId, done.TenantId, Cards, done.QueuedAt, done.Leg!.AnsweredAt.AddSeconds(-30), done.Leg.AnsweredAt.AddSeconds(-5),
                CallLegEnd.Transferred, 20.5, 4.5, 1));
        late.AddRange(Generate(random, Tenant, calls: 200));
        await _calls.UpsertManyAsync(late, default);
        Assert.NotEqual(before, await ReportJsonAsync(Cases[0])); // the reports sum the changed buckets again
        await AssertBothWaysEqualAsync();

        // The same late events once more, then the summariser sums the changed buckets of every tenant before any report.
        await _calls.UpsertManyAsync(late, default);
        var summariser = new CallBucketSummariser(db.Database, _aggregates, new ManualTime(Utc(2026, 12, 1, 0, 0)), Options.Create(new SlaOptions()),
            NullLogger<CallBucketSummariser>.Instance);
        var summed = 0;
        for (int n; (n = await summariser.SummariseOnceAsync()) > 0;)
            summed += n;
        Assert.True(summed > 0);
        Assert.Equal(0, await summariser.SummariseOnceAsync());
        await AssertBothWaysEqualAsync();

        // A purge in the middle of the month (mid-bucket): the buckets that lose calls are counted again.
        await _calls.PurgeAsync(Utc(2026, 10, 14, 10, 7, 30));
        await AssertBothWaysEqualAsync();
    }

    /// <summary>The contact list behind each row adds up to the row's figures, count for count, under every counting rule, contract
    /// version and granularity: the evidence a client gets for a figure is exactly what made it.</summary>
    [Fact]
    public async Task GeneratedMonth_ContactListsAddUpToEveryRowOfTheReport()
    {
        var facts = Generate(new Random(21), "evidence", calls: 2500);
        await ApplyOneByOneAsync(facts);
        var subject = Subject with { TenantId = "evidence" };
        var stored = Stored.Select(c => c with { TenantId = "evidence" }).ToList();
        var defaults = Defaults.Select(c => c with { TenantId = "evidence" }).ToList();
        foreach (var (from, to, granularity, minutes) in Cases)
        {
            var query = new ReportQuery("evidence", from, to, granularity, minutes);
            var reportBuilder = new SlaReportBuilder(query, subject, new ContractBook(stored, defaults));
            Assert.True(await _aggregates.FeedAsync(reportBuilder, "evidence"));
            var report = reportBuilder.Build(Utc(2026, 12, 1, 0, 0));

            var explaining = new SlaReportBuilder(query, subject, new ContractBook(stored, defaults));
            var (start, end) = explaining.Range;
            var contacts = new List<ReportContact>();
            await foreach (var call in _calls.ListAsync("evidence", null, start, end))
                if (explaining.Explain(call) is { } contact)
                    contacts.Add(contact);

            var byRow = contacts.ToLookup(c => (c.QueueId, c.Kind, c.RowStart));
            var allByRow = contacts.ToLookup(c => (c.Kind, c.RowStart));
            Assert.True(contacts.Count > 100, $"{from}..{to} has contacts");
            foreach (var row in report.Rows)
            {
                var list = row.QueueId == SlaReportBuilder.TotalQueueId ? allByRow[(row.Kind, row.Start)].ToList()
                    : byRow[(row.QueueId, row.Kind, row.Start)].ToList();
                var f = row.Figures;
                var where = $"{granularity} {row.Period} {row.QueueId}";
                Assert.Equal(f.Offered, list.Count);
                Assert.Equal(f.Answered, list.Count(c => c.Outcome == "answered"));
                Assert.Equal(f.Abandoned, list.Count(c => c.Outcome is "abandoned" or "short-abandon"));
                Assert.Equal(f.ShortAbandons, list.Count(c => c.Outcome == "short-abandon"));
                Assert.Equal(f.Rejected, list.Count(c => c.Outcome is "rejected" or "rejected-closed"));
                Assert.Equal(f.Waiting, list.Count(c => c.Outcome == "waiting"));
                Assert.Equal(f.AnsweredWithinThreshold, list.Count(c => c.Outcome == "answered" && c.WithinThreshold));
                Assert.Equal(f.AbandonedWithinThreshold, list.Count(c => c.Outcome == "abandoned" && c.WithinThreshold));
                Assert.True(f.ServiceLevelNumerator == list.Count(c => c.ServiceLevel == "met"), where);
                Assert.True(f.ServiceLevelDenominator == list.Count(c => c.ServiceLevel != "not-counted"), where);
                Assert.Equal(f.Completed, list.Count(c => c.HandleSeconds is not null));
                Assert.Equal(f.TotalHandleSeconds, (double)list.Sum(c => (decimal)(c.HandleSeconds ?? 0)), 6);
                Assert.Equal(f.TotalWaitAnsweredSeconds, list.Where(c => c.Outcome == "answered").Sum(c => c.WaitSeconds!.Value), 6);
                Assert.Equal(f.Transfers, list.Sum(c => c.Transfers));
                if (row.QueueId != SlaReportBuilder.TotalQueueId)
                    Assert.All(list, c => Assert.Equal(row.ContractVersion, c.ContractVersion));
            }
            Assert.Equal(contacts.Count, report.Rows.Where(r => r.QueueId == SlaReportBuilder.TotalQueueId).Sum(r => r.Figures.Offered));
            foreach (var kind in new[] { ContactKinds.Voice, ContactKinds.Chat, ContactKinds.Callback, ContactKinds.Email })
                Assert.Contains(report.Rows, r => r.Kind == kind && r.QueueId != SlaReportBuilder.TotalQueueId && r.Figures.Offered > 0);
        }
    }

    [Fact]
    public async Task Batches_InAnyOrderWithDuplicates_GiveTheSameRecordsAsOneByOne()
    {
        const string one = "one-by-one", batched = "batched", writer = "group-commit";
        var oneByOne = Generate(new Random(11), one, calls: 600);
        await ApplyOneByOneAsync(oneByOne);

        // The same calls (other ids and tenant), shuffled, every fact twice, in batches of 1 to 300 written 4 at a time.
        var random = new Random(12);
        var facts = Generate(new Random(11), batched, calls: 600);
        var shuffled = facts.Concat(facts).OrderBy(_ => random.Next()).ToList();
        var batches = new List<List<CallRecordStore.CallFacts>>();
        for (var i = 0; i < shuffled.Count;)
        {
            var n = Math.Min(random.Next(1, 301), shuffled.Count - i);
            batches.Add(shuffled.GetRange(i, n));
            i += n;
        }
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
        {
            var countsIn = await _calls.UpsertManyAsync(batch, ct);
            Assert.Equal(batch.Count, countsIn.Count);
        });

        // And through the consumer's group commit: every fact at once.
        await using (var groupCommit = new CallRecordWriter(_calls, NullLogger<CallRecordWriter>.Instance))
        {
            var all = Generate(new Random(11), writer, calls: 600);
            var results = await Task.WhenAll(all.OrderBy(_ => random.Next()).Select(f => groupCommit.WriteAsync(f)));
            Assert.All(results, r => Assert.Equal(writer, r.TenantId.Split('/')[0]));
        }

        var expected = await RecordsAsync(one);
        Assert.Equal(oneByOne.Where(f => f.TenantId == one).Select(f => f.CallId).Distinct().Count(), expected.Count);
        Assert.Equal(expected, await RecordsAsync(batched));
        Assert.Equal(expected, await RecordsAsync(writer));
    }

    [Fact]
    public async Task ZoneThatCannotAggregate_FallsBackToTheRecords()
    {
        var book = new ContractBook([], Defaults);
        var october = new ReportQuery(Tenant, new(2026, 10, 1), new(2026, 10, 31), Granularity.Day);
        // +05:45 is a whole number of quarter-hours: aggregated.
        Assert.NotNull(new SlaReportBuilder(october, Subject with { TimeZone = "Asia/Kathmandu" }, book).AggregationPieces());
        Assert.True(await _aggregates.FeedAsync(new SlaReportBuilder(october, Subject with { TimeZone = "Asia/Kathmandu" }, book), Tenant));
        // Liberia kept -00:44:30 until 1972: a 15-minute bucket of UTC would straddle two local intervals.
        var monrovia = new ReportQuery(Tenant, new(1971, 3, 1), new(1971, 3, 31), Granularity.Day);
        Assert.Null(new SlaReportBuilder(monrovia, Subject with { TimeZone = "Africa/Monrovia" }, book).AggregationPieces());
        Assert.False(await _aggregates.FeedAsync(new SlaReportBuilder(monrovia, Subject with { TimeZone = "Africa/Monrovia" }, book), Tenant));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 1)]
    [InlineData(1000, 2)]
    [InlineData(1001, 3)]
    [InlineData(3_600_000, 7200)]
    [InlineData(3_600_001, 7201)]
    [InlineData(90_000_000, 180_000)]
    [InlineData(2_592_000_000, 5_184_000)]
    [InlineData(2_592_000_001, 5_184_001)]
    [InlineData(90_000_000_000, 5_184_001)]
    public void WaitKey_SplitsWholeSecondsFromTheSecondsBetween(long milliseconds, int key) =>
        Assert.Equal(key, CallBucketSummary.WaitKey(milliseconds));

    private async Task AssertBothWaysEqualAsync()
    {
        foreach (var (from, to, granularity, minutes) in Cases)
        {
            var query = new ReportQuery(Tenant, from, to, granularity, minutes);
            var book = new ContractBook(Stored, Defaults);

            var byRecords = new SlaReportBuilder(query, Subject, book);
            var (start, end) = byRecords.Range;
            await foreach (var call in _calls.ListAsync(Tenant, null, start, end))
                byRecords.Add(call);
            var bySummaries = new SlaReportBuilder(query, Subject, book);
            Assert.True(await _aggregates.FeedAsync(bySummaries, Tenant));

            var expected = byRecords.Build(Utc(2026, 12, 1, 0, 0));
            var actual = bySummaries.Build(Utc(2026, 12, 1, 0, 0));
            Assert.True(expected.Rows.Sum(r => r.QueueId == SlaReportBuilder.TotalQueueId ? r.Figures.Offered : 0) > 0, $"{from}..{to} has calls");
            Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
        }
    }

    private async Task<string> ReportJsonAsync((LocalDate From, LocalDate To, Granularity Granularity, int Minutes) c)
    {
        var builder = new SlaReportBuilder(new ReportQuery(Tenant, c.From, c.To, c.Granularity, c.Minutes), Subject, new ContractBook(Stored, Defaults));
        Assert.True(await _aggregates.FeedAsync(builder, Tenant));
        return JsonSerializer.Serialize(builder.Build(Utc(2026, 12, 1, 0, 0)), Json);
    }

    /// <summary>A tenant's records (in and around October) without their tenant and id, in one order.</summary>
    private async Task<List<CallRecord>> RecordsAsync(string tenant) =>
        (await _calls.ListAsync(tenant, null, Utc(2026, 9, 1, 0, 0), Utc(2026, 12, 1, 0, 0)).ToListAsync())
        .Select(r => r with { TenantId = "", CallId = Guid.Empty }).OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();

    private async Task ApplyOneByOneAsync(List<CallRecordStore.CallFacts> facts) =>
        await Parallel.ForEachAsync(facts.GroupBy(f => f.CallId), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (call, ct) =>
        {
            foreach (var fact in call)
                await _calls.UpsertAsync(fact, ct);
        });

    /// <summary>Calls over October 2026 (and a few days either side) in both queues, another queue of the tenant that is not
    /// in the report, and another tenant; waits on and around every threshold; answers, abandons, rejections (closed, full,
    /// without reason), waiting calls, completions with fractional talk, hold and wrap-up, transfers with a second answer, each leg
    /// reported by its <see cref="CallLegEnded"/>.</summary>
    private static List<CallRecordStore.CallFacts> Generate(Random random, string forTenant, int calls)
    {
        var start = Utc(2026, 9, 28, 0, 0);
        var span = (long)(Utc(2026, 11, 3, 0, 0) - start).TotalMilliseconds;
        long[] edges = [0, 1, 2999, 3000, 3001, 3999, 4000, 4001, 5000, 6000, 9999, 10000, 10001, 14999, 15000, 15001, 19999, 20000,
            20001, 25000, 25001, 30000, 30001, 40000, 40001];
        var facts = new List<CallRecordStore.CallFacts>();
        for (var i = 0; i < calls; i++)
        {
            var id = IdOf(random, forTenant);
            var pick = random.Next(20);
            var (tenant, queue) = pick switch
            {
                0 => (forTenant + "/other", Elsewhere), 1 => (forTenant, "q-not-in-report"), < 8 => (forTenant, Cards), _ => (forTenant, Main),
            };
            // Some calls on the exact instants contract versions start, and around the autumn change.
            var queuedAt = random.Next(15) == 0
                ? Stored[random.Next(Stored.Length)].EffectiveFrom.AddMilliseconds(random.Next(-1, 2))
                : random.Next(15) == 0
                    ? Utc(2026, 10, 25, 0, 0).AddMilliseconds(random.NextInt64(0, 3 * 3600 * 1000))
                    : start.AddMilliseconds(random.NextInt64(span));
            var wait = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(0, 90_000);
            // A callback arrives as a call and is answered or abandoned as a callback.
            var kind = random.Next(8) switch { 0 => ContactKinds.Chat, 1 => ContactKinds.Email, 2 => ContactKinds.Callback, _ => ContactKinds.Voice };
            var first = facts.Count;
            facts.Add(new(id, tenant, queue, queuedAt, IsArrival: true));
            switch (random.Next(20))
            {
                case < 9: // answered, most completed
                {
                    var answeredAt = random.Next(40) == 0 ? queuedAt.AddMilliseconds(-400) : queuedAt.AddMilliseconds(wait);
                    facts.Add(new(id, tenant, queue, queuedAt, AnsweredAt: answeredAt));
                    if (random.Next(5) > 0)
                        facts.Add(Leg(id, tenant, queue, queuedAt, answeredAt, answeredAt.AddMinutes(3), CallLegEnd.Completed,
                            Math.Round(random.NextDouble() * 400, 3), random.Next(3) == 0 ? Math.Round(random.NextDouble() * 30, 1) : 0,
                            Math.Round(random.NextDouble() * 60, 2)));
                    break;
                }
                case < 11: // transferred once or twice, then completed on the last leg
                {
                    var answeredAt = queuedAt.AddMilliseconds(wait);
                    facts.Add(new(id, tenant, queue, queuedAt, AnsweredAt: answeredAt));
                    var legs = random.Next(1, 3);
                    var at = answeredAt;
                    for (var leg = 0; leg < legs; leg++)
                    {
                        var transferredAt = at.AddMilliseconds(random.Next(1000, 120_000));
                        facts.Add(Leg(id, tenant, leg == 0 ? queue : Cards, queuedAt, at, transferredAt, CallLegEnd.Transferred,
                            (transferredAt - at).TotalSeconds, 0, random.Next(2) == 0 ? 1.5 : 4));
                        at = transferredAt.AddMilliseconds(random.Next(500, 20_000));
                        facts.Add(new(id, tenant, Cards, queuedAt, AnsweredAt: at));
                    }
                    if (random.Next(4) > 0)
                        facts.Add(Leg(id, tenant, Cards, queuedAt, at, at.AddMinutes(2), CallLegEnd.Completed,
                            Math.Round(random.NextDouble() * 200, 3), 0, 7.25));
                    break;
                }
                case < 16:
                    facts.Add(new(id, tenant, queue, queuedAt, AbandonedAt: queuedAt.AddMilliseconds(wait)));
                    break;
                case < 18:
                    facts.Add(new(id, tenant, queue, queuedAt, RejectedAt: queuedAt.AddMilliseconds(wait % 5000),
                        RejectReason: random.Next(3) switch { 0 => "closed", 1 => "full", _ => "max-wait" }));
                    break;
                default: // still waiting
                    break;
            }
            // A callback's dials, the earliest first or not, some after its answer; an e-mail's wait in business hours, a share of
            // the wall wait that depends on the wait alone (every fact of one answer gives the same).
            if (kind == ContactKinds.Callback && random.Next(3) > 0)
                for (var dials = random.Next(1, 3); dials > 0; dials--)
                    facts.Add(new(id, tenant, queue, queuedAt,
                        FirstDialAt: queuedAt.AddMilliseconds(random.Next(2) == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(0, 60_000))));
            static long? Business(DateTimeOffset queued, DateTimeOffset? end) =>
                end is { } e ? (long)(e - queued).TotalMilliseconds * ((long)(e - queued).TotalMilliseconds % 5) / 4 : null;
            for (var k = first + (kind == ContactKinds.Callback ? 1 : 0); k < facts.Count; k++)
                facts[k] = facts[k] with
                {
                    Kind = kind,
                    AnsweredBusinessMilliseconds = kind == ContactKinds.Email ? Business(queuedAt, facts[k].AnsweredAt) : null,
                    AbandonedBusinessMilliseconds = kind == ContactKinds.Email ? Business(queuedAt, facts[k].AbandonedAt) : null,
                };
        }
        return facts;
    }

    private static CallRecordStore.CallFacts Leg(Guid id, string tenant, string queue, DateTimeOffset queuedAt, DateTimeOffset answeredAt,
        DateTimeOffset endedAt, string endedBy, double talk, double hold, double wrapUp) =>
        CallRecordConsumer.CallFactsOf(new CallLegEnded(id, tenant, queue, "a1", queuedAt, answeredAt, endedAt, endedBy, talk, hold, wrapUp,
            endedBy == CallLegEnd.Completed ? "resolved" : null));

    /// <summary>A call id drawn from <paramref name="random"/>, different per tenant.</summary>
    private static Guid IdOf(Random random, string tenant)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        for (var i = 0; i < tenant.Length; i++)
            bytes[i % 16] ^= (byte)tenant[i];
        return new Guid(bytes);
    }
}

public sealed class SqliteReportAggregationTests(SqliteTestDatabase db) : ReportAggregationTests<SqliteTestDatabase>(db);

public sealed class PostgresReportAggregationTests(PostgresTestDatabase db) : ReportAggregationTests<PostgresTestDatabase>(db);
