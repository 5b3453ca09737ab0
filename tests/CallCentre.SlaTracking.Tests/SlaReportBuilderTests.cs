using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Counting;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

public sealed class SlaReportBuilderTests
{
    private const string Cards = "lumiere-cards-fr";
    private static readonly ReportSubject Subject = new(Tenant, "Banque Lumière", "Europe/Paris", "fr",
        [(Queue, "Particuliers"), (Cards, "Cartes")]);
    private static readonly SlaContract[] Defaults =
        [SlaContract.Default(Tenant, Queue, 20, 0.8), SlaContract.Default(Tenant, Cards, 10, 0.9)];

    private static SlaReport Build(IEnumerable<CallRecord> calls, LocalDate from, LocalDate to, Granularity granularity,
        int minutes = 30, IEnumerable<SlaContract>? stored = null)
    {
        var builder = new SlaReportBuilder(new ReportQuery(Tenant, from, to, granularity, minutes), Subject,
            new ContractBook(stored ?? [], Defaults));
        builder.AddRange(calls);
        return builder.Build(Utc(2026, 12, 1, 0, 0));
    }

    private static SlaReportRow Row(SlaReport report, string localStart, string queue = Queue, string? offset = null) =>
        Assert.Single(report.Rows, r => r.Period == localStart && r.QueueId == queue && (offset is null || r.UtcOffset == offset));

    [Fact]
    public void Kinds_AreCountedOnTheirOwnLines_UnderTheirOwnContract_WithATotalEach()
    {
        var chat = ReportLine.Of(Queue, ContactKinds.Chat);
        var email = ReportLine.Of(Cards, ContactKinds.Email);
        var subject = Subject with { Queues = [.. Subject.Queues, (chat, "Particuliers · Chat"), (email, "Cartes · E-mail")] };
        var at = Utc(2026, 11, 10, 9, 0);
        CallRecord[] calls =
        [
            Answered(at, 15),
            Answered(at, 45) with { Kind = ContactKinds.Chat },
            Answered(at, 90) with { Kind = ContactKinds.Chat },
            Answered(at, 50, queue: Cards) with { Kind = ContactKinds.Email },
            Answered(at, 5, queue: Cards) with { Kind = ContactKinds.Messaging }, // no line for it: left out
        ];
        // The queue's chats have their own contract; the cards queue's e-mails have none and count like its calls (10 s).
        SlaContract[] stored = [new(Tenant, Queue, 1, DateTimeOffset.MinValue, 0.9, 60, Kind: ContactKinds.Chat)];
        var builder = new SlaReportBuilder(new ReportQuery(Tenant, new(2026, 11, 10), new(2026, 11, 10), Granularity.Day), subject,
            new ContractBook(stored, Defaults));
        builder.AddRange(calls);
        var report = builder.Build(Utc(2026, 12, 1, 0, 0));

        SlaReportRow RowOf(string queue, string kind) => Assert.Single(report.Rows, r => r.QueueId == queue && r.Kind == kind);
        Assert.Equal((1L, 1L, 20), (RowOf(Queue, ContactKinds.Voice).Figures.Offered, RowOf(Queue, ContactKinds.Voice).Figures.AnsweredWithinThreshold,
            RowOf(Queue, ContactKinds.Voice).ThresholdSeconds!.Value));
        Assert.Equal((2L, 1L, 60), (RowOf(Queue, ContactKinds.Chat).Figures.Offered, RowOf(Queue, ContactKinds.Chat).Figures.AnsweredWithinThreshold,
            RowOf(Queue, ContactKinds.Chat).ThresholdSeconds!.Value));
        Assert.Equal("Particuliers · Chat", RowOf(Queue, ContactKinds.Chat).QueueName);
        Assert.Equal((1L, 0L, 10), (RowOf(Cards, ContactKinds.Email).Figures.Offered, RowOf(Cards, ContactKinds.Email).Figures.AnsweredWithinThreshold,
            RowOf(Cards, ContactKinds.Email).ThresholdSeconds!.Value));
        Assert.Equal(0, RowOf(Cards, ContactKinds.Voice).Figures.Offered);
        Assert.Equal(1, RowOf(SlaReportBuilder.TotalQueueId, ContactKinds.Voice).Figures.Offered);
        Assert.Equal(2, RowOf(SlaReportBuilder.TotalQueueId, ContactKinds.Chat).Figures.Offered);
        Assert.Equal(1, RowOf(SlaReportBuilder.TotalQueueId, ContactKinds.Email).Figures.Offered);
        Assert.DoesNotContain(report.Rows, r => r.Kind == ContactKinds.Messaging);
        Assert.Equal([ContactKinds.Voice, ContactKinds.Voice, ContactKinds.Chat, ContactKinds.Email], report.Compliance.Select(c => c.Kind));
        Assert.Equal(0.5, Assert.Single(report.Compliance, c => c.Kind == ContactKinds.Chat).Figures.ServiceLevel);
    }

    [Fact]
    public void ContractOfAKind_QueueOwnFirst_ThenTheTenantsOfThatKind_ThenTheQueuesCalls()
    {
        var from = Utc(2026, 1, 1, 0, 0);
        SlaContract[] stored =
        [
            new(Tenant, Queue, 1, from, 0.9, 60, Kind: ContactKinds.Chat),
            new(Tenant, null, 1, from, 0.8, 30, Kind: ContactKinds.Chat),
            new(Tenant, null, 1, from, 0.7, 25),
        ];
        var book = new ContractBook(stored, Defaults);
        var at = Utc(2026, 6, 1, 0, 0);
        Assert.Equal(60, book.For(ReportLine.Of(Queue, ContactKinds.Chat), at).ThresholdSeconds);
        Assert.Equal(30, book.For(ReportLine.Of(Cards, ContactKinds.Chat), at).ThresholdSeconds);
        Assert.Equal(25, book.For(ReportLine.Of(Cards, ContactKinds.Email), at).ThresholdSeconds);
        Assert.Equal(25, book.For(Cards, at).ThresholdSeconds);
        Assert.Equal(10, book.For(ReportLine.Of(Cards, ContactKinds.Email), from.AddDays(-1)).ThresholdSeconds);
        Assert.Equal(("q", ContactKinds.Voice), ReportLine.Split(ReportLine.Of("q", ContactKinds.Voice)));
        Assert.Equal(("q", ContactKinds.Chat), ReportLine.Split(ReportLine.Of("q", ContactKinds.Chat)));
    }

    [Fact]
    public void CallCrossingAnIntervalBoundary_CountsInTheIntervalItArrivedIn()
    {
        // 10:14:50 Paris (CET), answered 40 s later at 10:15:30.
        var report = Build([Answered(Utc(2026, 11, 10, 9, 14, 50), 40)], new(2026, 11, 10), new(2026, 11, 10), Granularity.Interval, 15);

        Assert.Equal(1, Row(report, "2026-11-10T10:00").Figures.Answered);
        Assert.Equal(0, Row(report, "2026-11-10T10:15").Figures.Offered);
        Assert.Equal(0, Row(report, "2026-11-10T10:00").Figures.AnsweredWithinThreshold);
    }

    [Fact]
    public void CallCrossingMidnight_CountsOnTheDayItArrived()
    {
        // 23:59:30 Paris on the 10th, answered at 00:00:10 on the 11th.
        var report = Build([Answered(Utc(2026, 11, 10, 22, 59, 30), 40)], new(2026, 11, 10), new(2026, 11, 11), Granularity.Day);

        Assert.Equal(1, Row(report, "2026-11-10T00:00").Figures.Offered);
        Assert.Equal(0, Row(report, "2026-11-11T00:00").Figures.Offered);
    }

    [Fact]
    public void CallsOutsideTheRangeOrOfAnotherTenant_AreLeftOut()
    {
        var report = Build([
            Answered(Utc(2026, 11, 9, 22, 59, 59), 1),   // 23:59:59 on the 9th
            Answered(Utc(2026, 11, 10, 23, 0, 0), 1),    // 00:00 on the 11th
            Answered(Utc(2026, 11, 10, 12, 0), 1, tenant: "mosane-insurance"),
            Answered(Utc(2026, 11, 10, 12, 0), 1, queue: "mosane-claims-fr"),
            Answered(Utc(2026, 11, 9, 23, 0, 0), 1),     // 00:00 on the 10th
        ], new(2026, 11, 10), new(2026, 11, 10), Granularity.Day);

        Assert.Equal(1, Row(report, "2026-11-10T00:00", SlaReportBuilder.TotalQueueId).Figures.Offered);
    }

    [Fact]
    public void FallBackDay_HalfHourReport_Has50PeriodsAndTellsTheTwo0200sApart()
    {
        var report = Build([Answered(Utc(2026, 10, 25, 0, 10), 5), Abandoned(Utc(2026, 10, 25, 1, 10), 30), Abandoned(Utc(2026, 10, 25, 1, 12), 30)],
            new(2026, 10, 25), new(2026, 10, 25), Granularity.Interval, 30);

        Assert.Equal(50 * 3, report.Rows.Count); // two queues and the total
        Assert.Equal(1, Row(report, "2026-10-25T02:00", offset: "+02:00").Figures.Answered);
        Assert.Equal(2, Row(report, "2026-10-25T02:00", offset: "+01:00").Figures.Abandoned);
        Assert.Equal(Utc(2026, 10, 24, 22, 0), report.Rows[0].Start);
        Assert.Equal(Utc(2026, 10, 25, 23, 0), report.Rows[^1].End);
    }

    [Fact]
    public void SpringForwardDay_DailyRowIs23HoursAndHoldsEveryCall()
    {
        var calls = Enumerable.Range(0, 23).Select(h => Answered(Utc(2026, 3, 28, 23, 0).AddHours(h), 5)).ToList();

        var report = Build(calls, new(2026, 3, 29), new(2026, 3, 29), Granularity.Day);
        var day = Row(report, "2026-03-29T00:00", SlaReportBuilder.TotalQueueId);

        Assert.Equal(23, (day.End - day.Start).TotalHours);
        Assert.Equal(23, day.Figures.Offered);
    }

    [Fact]
    public void TotalRow_AddsUpTheQueuesEachUnderItsOwnContract()
    {
        var t = Utc(2026, 11, 10, 9, 0);
        // Particuliers: threshold 20 s; Cartes: 10 s. A 15 s answer is within for the first only.
        var report = Build([Answered(t, 15), Answered(t, 15, queue: Cards), Abandoned(t, 30, queue: Cards)],
            new(2026, 11, 10), new(2026, 11, 10), Granularity.Day);

        var total = Row(report, "2026-11-10T00:00", SlaReportBuilder.TotalQueueId).Figures;
        Assert.Equal((3, 2, 1), (total.Offered, total.Answered, total.Abandoned));
        Assert.Equal((1, 3), (total.ServiceLevelNumerator, total.ServiceLevelDenominator));
        Assert.Equal(0.0, Row(report, "2026-11-10T00:00", Cards).Figures.ServiceLevel);
        Assert.Equal(1.0, Row(report, "2026-11-10T00:00").Figures.ServiceLevel);
    }

    [Fact]
    public void ContractVersions_EachPeriodCountsUnderTheVersionInForceAtItsStart()
    {
        var v1 = Defaults[0] with { Version = 1, EffectiveFrom = Utc(2026, 10, 31, 23, 0), ThresholdSeconds = 20 };
        var v2 = Defaults[0] with { Version = 2, EffectiveFrom = Utc(2026, 11, 14, 23, 0), ThresholdSeconds = 30 };

        var report = Build([Answered(Utc(2026, 11, 10, 9, 0), 25), Answered(Utc(2026, 11, 20, 9, 0), 25)],
            new(2026, 11, 1), new(2026, 11, 30), Granularity.Day, stored: [v1, v2]);

        var before = Row(report, "2026-11-10T00:00");
        var after = Row(report, "2026-11-20T00:00");
        Assert.Equal((1, 0L), (before.ContractVersion!.Value, before.Figures.AnsweredWithinThreshold));
        Assert.Equal((2, 1L), (after.ContractVersion!.Value, after.Figures.AnsweredWithinThreshold));
        Assert.Contains(report.Contracts, c => c.QueueId == Queue && c.Version == 1);
        Assert.Contains(report.Contracts, c => c.QueueId == Queue && c.Version == 2);
        Assert.Equal([1, 2], report.Compliance.Single(c => c.QueueId == Queue).ContractVersions);
    }

    [Fact]
    public void MonthlyCompliance_CountsMetAndMissedDaysWithPenaltiesAndCredits()
    {
        var contract = Defaults[0] with
        {
            Version = 1, EffectiveFrom = Utc(2026, 1, 1, 0, 0), MaxAbandonmentRate = 0.1, PenaltyPerMissedPeriod = 250m,
            CreditPerMetPeriod = 20m, Currency = "EUR",
        };
        List<CallRecord> calls =
        [
            // 2 Nov: 2 answered within, SL 100 %, no abandon: met.
            Answered(Utc(2026, 11, 2, 9, 0), 5), Answered(Utc(2026, 11, 2, 10, 0), 10),
            // 3 Nov: 1 within, 1 late: SL 50 % < 80 %: missed.
            Answered(Utc(2026, 11, 3, 9, 0), 5), Answered(Utc(2026, 11, 3, 10, 0), 60),
            // 4 Nov: 9 within, 1 abandon: SL 90 % met, abandonment 10 % ≤ 10 % met.
            .. Enumerable.Range(0, 9).Select(i => Answered(Utc(2026, 11, 4, 9, i), 5)), Abandoned(Utc(2026, 11, 4, 11, 0), 30),
            // 5 Nov: only a call still waiting: nothing to measure.
            Waiting(Utc(2026, 11, 5, 9, 0)),
        ];

        var report = Build(calls, new(2026, 11, 1), new(2026, 11, 30), Granularity.Month, stored: [contract]);
        var month = report.Compliance.Single(c => c.QueueId == Queue);

        Assert.True(month.Complete);
        Assert.Equal("2026-11", month.Month);
        Assert.Equal(3, month.PeriodsMeasured);
        Assert.Equal(new TargetCount(2, 1), month.ServiceLevel);
        Assert.Equal(new TargetCount(3, 0), month.Abandonment);
        Assert.Null(month.AverageSpeedOfAnswer);
        Assert.Equal(1, month.PeriodsWithAMissedTarget);
        Assert.Equal(250m, month.Penalties);
        Assert.Equal(40m, month.Credits);
        Assert.Equal((15, 14L, 12L), (month.Figures.Offered, month.Figures.ServiceLevelDenominator, month.Figures.ServiceLevelNumerator));
        Assert.False(month.AllTargetsMet);
        Assert.Equal(0, report.Compliance.Single(c => c.QueueId == Cards).PeriodsMeasured);
    }

    [Fact]
    public void PartOfAMonth_IsMarkedIncomplete()
    {
        var report = Build([], new(2026, 11, 10), new(2026, 11, 12), Granularity.Day);

        Assert.All(report.Compliance, c => Assert.False(c.Complete));
    }

    [Fact]
    public void SameCallsShuffled_GiveAnIdenticalReport()
    {
        var start = Utc(2026, 10, 24, 20, 0);
        var calls = Enumerable.Range(0, 300).Select(i => (i % 4) switch
        {
            0 => Abandoned(start.AddMinutes(i * 1.7), i % 45),
            1 => Answered(start.AddMinutes(i * 1.7), i % 33, talk: 100 + i, hold: i % 7, wrapUp: 5, queue: Cards),
            _ => Answered(start.AddMinutes(i * 1.7), i % 29 + 0.25, talk: 50 + i % 13, wrapUp: 2.5),
        }).ToList();

        string Json(IEnumerable<CallRecord> c) =>
            JsonSerializer.Serialize(Build(c, new(2026, 10, 24), new(2026, 10, 26), Granularity.Interval, 15));

        var expected = Json(calls);
        Assert.Equal(expected, Json(Shuffled(calls, 7)));
        Assert.Equal(expected, Json(Shuffled(calls, 8)));
    }
}
