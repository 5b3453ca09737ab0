using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class RecordedHistoryTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    private static bool Daytime(DateTime start) => start.Hour is >= 8 and < 18;

    [Fact]
    public void QuietOpenIntervalsAreZero_ClosedOnesAbsent_AndCallsOutsideHoursStillCount()
    {
        // Winter: Paris is UTC+1. 09:00Z is 10:00 local (open); 20:15Z is 21:15 local (closed, yet calls came).
        var day = new DateOnly(2026, 1, 12);
        var history = RecordedHistory.Build(
            [new RecordedQuarter(Utc(2026, 1, 12, 9, 0), 3, 600, 2), new RecordedQuarter(Utc(2026, 1, 12, 20, 15), 1, 0, 0)],
            Paris, 15, day, day, Daytime);

        var calls = history.Calls.ToDictionary(p => p.Start, p => p.Calls);
        Assert.Equal(10 * 4 + 1, calls.Count);                       // 08:00–18:00 in quarters, plus 21:15
        Assert.Equal(3, calls[new DateTime(2026, 1, 12, 10, 0, 0)]);
        Assert.Equal(0, calls[new DateTime(2026, 1, 12, 8, 0, 0)]);
        Assert.Equal(1, calls[new DateTime(2026, 1, 12, 21, 15, 0)]);
        Assert.False(calls.ContainsKey(new DateTime(2026, 1, 12, 7, 45, 0)));
        var sample = Assert.Single(history.HandleTimes);
        Assert.Equal(new HandleTimeSample(new DateTime(2026, 1, 12, 10, 0, 0), 600, 2), sample);
    }

    [Fact]
    public void WiderIntervals_AddUpTheirQuarters_InLocalTime()
    {
        var day = new DateOnly(2026, 7, 1);   // summer: UTC+2
        var history = RecordedHistory.Build(
            [new RecordedQuarter(Utc(2026, 7, 1, 7, 0), 2, 0, 0), new RecordedQuarter(Utc(2026, 7, 1, 7, 45), 5, 0, 0),
             new RecordedQuarter(Utc(2026, 7, 1, 8, 0), 7, 0, 0)],
            Paris, 60, day, day, _ => true);
        var calls = history.Calls.ToDictionary(p => p.Start, p => p.Calls);
        Assert.Equal(24, calls.Count);
        Assert.Equal(7, calls[new DateTime(2026, 7, 1, 9, 0, 0)]);
        Assert.Equal(7, calls[new DateTime(2026, 7, 1, 10, 0, 0)]);
        Assert.Equal(14, calls.Values.Sum());
    }

    [Fact]
    public void ClocksGoingBack_AddTheRepeatedHour_AndGoingForward_SkipsTheMissingOne()
    {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 00:00Z and 01:00Z are both 02:00 local.
        var back = new DateOnly(2026, 10, 25);
        var autumn = RecordedHistory.Build(
            [new RecordedQuarter(Utc(2026, 10, 25, 0, 0), 4, 0, 0), new RecordedQuarter(Utc(2026, 10, 25, 1, 0), 6, 0, 0)],
            Paris, 60, back, back, _ => true);
        Assert.Equal(24, autumn.Calls.Count);
        Assert.Equal(10, autumn.Calls.Single(p => p.Start == new DateTime(2026, 10, 25, 2, 0, 0)).Calls);

        // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:00–03:00 local does not exist.
        var forward = new DateOnly(2026, 3, 29);
        var spring = RecordedHistory.Build([], Paris, 15, forward, forward, _ => true);
        Assert.Equal(92, spring.Calls.Count);
        Assert.DoesNotContain(spring.Calls, p => p.Start.Hour == 2);
    }

    [Fact]
    public void RecordedWeeks_ForecastTheirOwnPattern()
    {
        // Five weeks recorded from a generated queue with known seasonality, through the UTC quarter-hours the store answers.
        var series = SyntheticCalls.Generate(35, seed: 7);
        var quarters = series.Where(p => p.Calls > 0)
            .Select(p => new RecordedQuarter(new DateTimeOffset(p.Start, Paris.GetUtcOffset(p.Start)).ToUniversalTime(), (long)Math.Round(p.Calls), 0, 0));
        var firstDay = DateOnly.FromDateTime(SyntheticCalls.FirstMonday);
        var history = RecordedHistory.Build(quarters, Paris, 15, firstDay, firstDay.AddDays(27),
            start => SyntheticCalls.Hours(start.DayOfWeek) is var (open, close) && start.TimeOfDay.TotalMinutes >= open && start.TimeOfDay.TotalMinutes < close);

        // Nothing lost on the way: every open interval of the four weeks, with its calls, and nothing else.
        var recorded = series.Where(p => p.Start < SyntheticCalls.FirstMonday.AddDays(28)).Select(p => new IntervalCount(p.Start, Math.Round(p.Calls)));
        Assert.Equal(recorded, history.Calls);

        var from = SyntheticCalls.FirstMonday.AddDays(28);
        var forecast = SeriesForecaster.Forecast(history.Calls, 15, from, from.AddDays(7));
        var actual = series.Where(p => p.Start >= from).ToDictionary(p => p.Start, p => Math.Round(p.Calls));
        var predicted = forecast.Forecast.ToDictionary(p => p.Start, p => p.Calls);
        Assert.Equal(actual.Keys.Order(), predicted.Keys.Order());   // open hours only, Sunday shut
        var wape = ForecastAccuracy.Of(actual.Select(a => (predicted[a.Key], a.Value))).Wape!.Value;
        Assert.InRange(wape, 0, 0.15);   // the noise alone (Poisson at ~40 calls a quarter-hour) costs about 0.12
    }
}

public class HandleTimeForecastTests
{
    private static readonly DateTime Monday = new(2026, 11, 30);

    [Fact]
    public void NoCompletedCall_NoForecast() =>
        Assert.Null(HandleTimeForecast.Forecast([new HandleTimeSample(Monday.AddDays(-7), 0, 0)], Monday, [Monday]));

    [Fact]
    public void AWellObservedInterval_KeepsItsOwnAverage_AThinOneLeansOnTheOverall()
    {
        var nine = Monday.AddDays(-7).AddHours(9);
        var ten = Monday.AddDays(-7).AddHours(10);
        // 400 calls at 300 s at 09:00, one call at 60 s at 10:00; weights are equal (the same week).
        var samples = new[] { new HandleTimeSample(nine, 400 * 300, 400), new HandleTimeSample(ten, 60, 1) };
        var aht = HandleTimeForecast.Forecast(samples, Monday, [Monday.AddHours(9), Monday.AddHours(10), Monday.AddHours(11)])!;

        var overall = (400 * 300 + 60) / 401.0;
        var slotNine = (400 * 300 + 20 * overall) / 420;
        Assert.Equal((400 * 300 + 20 * slotNine) / 420, aht[0], 9);
        var slotTen = (60 + 20 * overall) / 21;
        Assert.Equal((60 + 20 * slotTen) / 21, aht[1], 9);
        Assert.Equal(overall, aht[2], 9);                    // never observed: the overall average
        Assert.InRange(aht[1], 250, 300);                     // one short call barely moves it
    }

    [Fact]
    public void RecentWeeksWeighMore()
    {
        // Same weekday and time: 100 calls at 200 s three weeks ago, 100 at 400 s last week.
        var samples = new[]
        {
            new HandleTimeSample(Monday.AddDays(-21).AddHours(9), 100 * 200, 100),
            new HandleTimeSample(Monday.AddDays(-7).AddHours(9), 100 * 400, 100),
        };
        var aht = HandleTimeForecast.Forecast(samples, Monday, [Monday.AddHours(9)])!;
        var w = Math.Pow(HandleTimeForecast.WeeklyDecay, 2);    // three weeks before counts 0.8² against last week's 0.8⁰
        var expected = (100 * 400 + w * 100 * 200) / (100 + w * 100);
        Assert.Equal(expected, aht[0], 9);
        Assert.True(aht[0] > 300);
    }
}
