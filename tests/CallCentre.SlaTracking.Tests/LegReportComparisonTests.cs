using System.Text.Json;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A generated month (transfers, holds, wrap-ups reported or not, abandons, rejections), its events repeated and
/// shuffled, written through the consumer's group commit: the interval, day and month reports read from the calls' legs, record
/// by record and through the bucket summaries, equal the reports of the month's own calls.</summary>
public abstract class LegReportComparisonTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private const string Main = "q-main", Cards = "q-cards";
    private readonly CallRecordStore _calls = new(db.Database);
    private static readonly ReportSubject Subject = new(Tenant, "Banque Lumière", "Europe/Paris", "fr", [(Main, "Particuliers"), (Cards, "Cartes")]);

    private static readonly ContractBook Book = new(
    [
        new(Tenant, Main, 1, Utc(2026, 10, 8, 21, 44, 2), 0.85, 15, AsaTargetSeconds: 12, AhtTargetSeconds: 200,
            Period: MeasurementPeriod.Day, AbandonsInDenominator: false, PenaltyPerMissedPeriod: 100m),
        new(Tenant, null, 1, Utc(2026, 10, 12, 8, 0, 0), 0.8, 25, AhtTargetSeconds: 180, Period: MeasurementPeriod.Interval,
            IntervalMinutes: 15, ShortAbandonSeconds: 4, AbandonsWithinThresholdAsMet: true, PenaltyPerMissedPeriod: 2m),
    ], [SlaContract.Default(Tenant, Main, 20, 0.8), SlaContract.Default(Tenant, Cards, 10, 0.9)]);

    private static readonly (LocalDate From, LocalDate To, Granularity Granularity, int Minutes)[] Cases =
    [
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Month, 30),
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Day, 30),
        (new(2026, 10, 1), new(2026, 10, 31), Granularity.Interval, 15),
    ];

    [Fact]
    public async Task GeneratedMonth_ReportsFromLegs_EqualTheMonthsOwnReports()
    {
        const string legsTenant = Tenant; // the only calls of this class's database
        var month = GeneratedCallMonth.Generate(14, legsTenant, [Main, Cards], Utc(2026, 9, 29, 0, 0), Utc(2026, 11, 2, 0, 0), calls: 3000);
        Assert.True(month.Count(c => c is { IsCompleted: true, Transfers: > 0 }) > 100, "the month has completed transferred calls");
        Assert.Contains(month, c => c.Legs.Any(l => l.HoldSeconds > 0) && c.Legs.Any(l => l.ReportedWrapUpSeconds is null));

        await WriteAsync(GeneratedCallMonth.RepeatedAndShuffled(month.SelectMany(c => c.LegEvents()), seed: 2));

        foreach (var c in Cases)
        {
            var truth = Report(c, month.Select(Truth));
            Assert.Equal(truth, Report(c, await _calls.ListAsync(legsTenant, null, Utc(2026, 9, 1, 0, 0), Utc(2026, 12, 1, 0, 0)).ToListAsync()));
            var bySummaries = Builder(c);
            Assert.True(await new CallAggregates(db.Database, _calls).FeedAsync(bySummaries, legsTenant));
            Assert.Equal(truth, Json(bySummaries));
        }
    }

    /// <summary>The record the month's own facts make, counted in the arrival's queue.</summary>
    internal static CallRecord Truth(GeneratedCall c) => new(c.CallId, Tenant, c.QueueId, c.QueuedAt, c.FirstAnsweredAt, c.AbandonedAt,
        c.CompletedAt, c.HandleSeconds, c.Transfers, c.RejectedAt, c.RejectReason);

    private async Task WriteAsync(List<object> events)
    {
        await using var writer = new CallRecordWriter(_calls, NullLogger<CallRecordWriter>.Instance);
        await Task.WhenAll(events.Select(FactsOf).OfType<CallRecordStore.CallFacts>().Select(f => writer.WriteAsync(f)));
    }

    private static SlaReportBuilder Builder((LocalDate From, LocalDate To, Granularity Granularity, int Minutes) c) =>
        new(new ReportQuery(Tenant, c.From, c.To, c.Granularity, c.Minutes), Subject, Book);

    private static string Report((LocalDate From, LocalDate To, Granularity Granularity, int Minutes) c, IEnumerable<CallRecord> calls)
    {
        var builder = Builder(c);
        foreach (var call in calls)
            builder.Add(call with { TenantId = Tenant });
        return Json(builder);
    }

    private static string Json(SlaReportBuilder builder)
    {
        var report = builder.Build(Utc(2026, 12, 1, 0, 0));
        Assert.True(report.Rows.Sum(r => r.QueueId == SlaReportBuilder.TotalQueueId ? r.Figures.Offered : 0) > 1000);
        return JsonSerializer.Serialize(report);
    }
}

public sealed class SqliteLegReportComparisonTests(SqliteTestDatabase db) : LegReportComparisonTests<SqliteTestDatabase>(db);

public sealed class PostgresLegReportComparisonTests(PostgresTestDatabase db) : LegReportComparisonTests<PostgresTestDatabase>(db);
