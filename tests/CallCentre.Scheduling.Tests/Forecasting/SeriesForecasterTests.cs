using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class SeriesForecasterTests
{
    private const int Weeks = 12;

    private static (List<IntervalCount> History, Dictionary<DateTime, double> NextWeek, DateTime From, DateTime To) Split(
        List<IntervalCount> series, int historyDays)
    {
        var from = SyntheticCalls.FirstMonday.AddDays(historyDays);
        var to = from.AddDays(7);
        return ([.. series.Where(p => p.Start < from)],
            series.Where(p => p.Start >= from && p.Start < to).ToDictionary(p => p.Start, p => p.Calls), from, to);
    }

    private static double Wape(SeriesForecast forecast, Dictionary<DateTime, double> actual)
    {
        var predicted = forecast.Forecast.ToDictionary(p => p.Start, p => p.Calls);
        return ForecastAccuracy.Of(actual.Select(a => (predicted.GetValueOrDefault(a.Key), a.Value))).Wape!.Value;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void HoltWinters_SeasonalSeriesWithNoise_BeatsSeasonalNaive(int seed)
    {
        var (history, nextWeek, from, to) = Split(SyntheticCalls.Generate(7 * (Weeks + 1), seed: seed), 7 * Weeks);

        var holtWinters = SeriesForecaster.Forecast(history, 15, from, to, new ForecastOptions(ForecastMethod.HoltWinters));
        var naive = SeriesForecaster.Forecast(history, 15, from, to, new ForecastOptions(ForecastMethod.SeasonalNaive));

        var (hw, sn) = (Wape(holtWinters, nextWeek), Wape(naive, nextWeek));
        Assert.True(hw < 0.9 * sn, $"Holt-Winters WAPE {hw:P2} should beat seasonal naive {sn:P2} clearly");
        // Poisson noise at ~40 calls per quarter-hour alone costs ~12 %: Holt-Winters is close to that floor.
        Assert.InRange(hw, 0.05, 0.15);
    }

    [Fact]
    public void HoltWinters_HoldoutOnNoisySeries_BeatsSeasonalNaive()
    {
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * Weeks, seed: 7), 7 * Weeks);

        var forecast = SeriesForecaster.Forecast(history, 15, from, to);

        var byMethod = forecast.Candidates.ToDictionary(c => c.Method, c => c.Holdout.Wape!.Value);
        Assert.True(byMethod[ForecastMethod.HoltWinters] < byMethod[ForecastMethod.SeasonalNaive]);
    }

    [Fact]
    public void Auto_ChosenMethod_IsTheDefaultUnlessAChallengerBeatsItClearly()
    {
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * Weeks, seed: 11), 7 * Weeks);

        var forecast = SeriesForecaster.Forecast(history, 15, from, to);

        Assert.Equal(ForecastMethods.All, forecast.Candidates.Select(c => c.Method));
        var best = forecast.Candidates.Where(c => !ForecastMethods.Baselines.Contains(c.Method)).MinBy(c => c.Holdout.Wape!.Value)!;
        var standing = forecast.Candidates.Single(c => c.Method == ForecastMethods.Default);
        var expected = best.Holdout.Wape!.Value * (1 + SeriesForecaster.ChallengerMargin) < standing.Holdout.Wape!.Value ? best : standing;
        Assert.Equal(expected.Method, forecast.Method);
        Assert.Equal(expected.Holdout.Wape, forecast.Holdout.Wape);
    }

    [Fact]
    public void Auto_BaselineTiedForBest_NotChosen()
    {
        // Without noise every method is exact: the seasonal naive ties at 0 but is a yardstick, not a choice.
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * 6, seed: 3, noise: false), 7 * 6);

        var forecast = SeriesForecaster.Forecast(history, 15, from, to);

        Assert.All(forecast.Candidates, c => Assert.Equal(0, c.Holdout.Wape!.Value, 9));
        Assert.DoesNotContain(forecast.Method, ForecastMethods.Baselines);
    }

    [Fact]
    public void SeasonalNaiveHoldout_ScoredAsDocumentedOnTheLastWeek()
    {
        // The history ends on a Saturday (Sunday is shut): the holdout is the 7 days to it, from the Sunday;
        // the baseline forecasts each day with the same day a week before.
        var history = SyntheticCalls.Generate(28, seed: 5);
        var holdoutFrom = SyntheticCalls.FirstMonday.AddDays(20);
        var byStart = history.ToDictionary(p => p.Start, p => p.Calls);
        var pairs = history.Where(p => p.Start >= holdoutFrom).Select(p => (byStart[p.Start.AddDays(-7)], p.Calls)).ToList();
        var expectedWape = pairs.Sum(p => Math.Abs(p.Item1 - p.Calls)) / pairs.Sum(p => p.Calls);
        var positive = pairs.Where(p => p.Calls > 0).ToList();
        var expectedMape = positive.Average(p => Math.Abs(p.Item1 - p.Calls) / p.Calls);

        var forecast = SeriesForecaster.Forecast(history, 15, holdoutFrom.AddDays(8), holdoutFrom.AddDays(15),
            new ForecastOptions(ForecastMethod.SeasonalNaive));

        Assert.Equal(DateOnly.FromDateTime(holdoutFrom), forecast.HoldoutFrom);
        Assert.Equal(expectedWape, forecast.Holdout.Wape!.Value, 12);
        Assert.Equal(expectedMape, forecast.Holdout.Mape!.Value, 12);
        Assert.Equal(pairs.Count, forecast.Holdout.Intervals);
    }

    [Fact]
    public void LongerHistory_HoldoutIsTheLastThreeWeeksEachFromTheDaysBeforeIt()
    {
        // 41 days with data to a Saturday: three holdout weeks from day 20, each day forecast from its week before.
        var history = SyntheticCalls.Generate(42, seed: 5);
        var holdoutFrom = SyntheticCalls.FirstMonday.AddDays(20);
        var byStart = history.ToDictionary(p => p.Start, p => p.Calls);
        var pairs = history.Where(p => p.Start >= holdoutFrom).Select(p => (byStart[p.Start.AddDays(-7)], p.Calls)).ToList();
        var expectedWape = pairs.Sum(p => Math.Abs(p.Item1 - p.Calls)) / pairs.Sum(p => p.Calls);

        var forecast = SeriesForecaster.Forecast(history, 15, holdoutFrom.AddDays(22), holdoutFrom.AddDays(29),
            new ForecastOptions(ForecastMethod.SeasonalNaive));

        Assert.Equal(DateOnly.FromDateTime(holdoutFrom), forecast.HoldoutFrom);
        Assert.Equal(expectedWape, forecast.Holdout.Wape!.Value, 12);
        Assert.Equal(pairs.Count, forecast.Holdout.Intervals);
    }

    [Fact]
    public void ClosedHours_NotForecast()
    {
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * 4, seed: 2), 7 * 4);

        var forecast = SeriesForecaster.Forecast(history, 15, from, to);

        Assert.DoesNotContain(forecast.Forecast, p => p.Start.DayOfWeek == DayOfWeek.Sunday);
        Assert.All(forecast.Forecast, p =>
        {
            var (open, close) = SyntheticCalls.Hours(p.Start.DayOfWeek);
            Assert.InRange(p.Start.TimeOfDay.TotalMinutes, open, close - 15);
        });
        Assert.Equal(5 * 40 + 16, forecast.Forecast.Count);   // five 10-hour weekdays and a 4-hour Saturday
        Assert.Equal(forecast.Forecast.OrderBy(p => p.Start).Select(p => p.Start), forecast.Forecast.Select(p => p.Start));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(30)]
    [InlineData(60)]
    public void EveryIntervalWidth_ForecastsEachOpenIntervalOnce(int width)
    {
        var (history, nextWeek, from, to) = Split(SyntheticCalls.Generate(7 * 5, width, seed: width), 7 * 4);

        var forecast = SeriesForecaster.Forecast(history, width, from, to);

        Assert.Equal(nextWeek.Keys.Order(), forecast.Forecast.Select(p => p.Start));
        Assert.All(forecast.Forecast, p => Assert.True(p.Calls >= 0 && double.IsFinite(p.Calls)));
    }

    [Fact]
    public void NoiselessSeries_EveryMethodForecastsItExactly()
    {
        var (history, nextWeek, from, to) = Split(SyntheticCalls.Generate(7 * 5, seed: 3, noise: false), 7 * 4);

        foreach (var method in ForecastMethods.All)
        {
            var forecast = SeriesForecaster.Forecast(history, 15, from, to, new ForecastOptions(method));
            Assert.All(forecast.Forecast, p => Assert.Equal(nextWeek[p.Start], p.Calls, 6));
        }
    }

    [Fact]
    public void HorizonPartOfTheWeek_OnlyThoseIntervals()
    {
        var (history, _, from, _) = Split(SyntheticCalls.Generate(7 * 4, seed: 2), 7 * 4);

        var forecast = SeriesForecaster.Forecast(history, 15, from.AddHours(12), from.AddHours(13));

        Assert.Equal(Enumerable.Range(0, 4).Select(i => from.AddHours(12).AddMinutes(15 * i)), forecast.Forecast.Select(p => p.Start));
    }

    [Fact]
    public void ExcludedCampaignDay_NotLearntFrom()
    {
        // A campaign tripled the last Monday; excluded, the baseline takes the Monday before instead.
        var series = SyntheticCalls.Generate(7 * 4, seed: 4);
        var campaign = DateOnly.FromDateTime(SyntheticCalls.FirstMonday.AddDays(21));
        var history = series.Select(p => DateOnly.FromDateTime(p.Start) == campaign ? p with { Calls = 3 * p.Calls } : p).ToList();
        var from = SyntheticCalls.FirstMonday.AddDays(28);
        var options = new ForecastOptions(ForecastMethod.SeasonalNaive);

        var spiked = SeriesForecaster.Forecast(history, 15, from, from.AddDays(1), options);
        var excluded = SeriesForecaster.Forecast(history, 15, from, from.AddDays(1), options with { ExcludedDays = new HashSet<DateOnly> { campaign } });

        var twoWeeksBefore = series.Where(p => p.Start >= from.AddDays(-14) && p.Start < from.AddDays(-13)).Select(p => p.Calls);
        Assert.Equal(twoWeeksBefore, excluded.Forecast.Select(p => p.Calls));
        var lastMonday = series.Where(p => DateOnly.FromDateTime(p.Start) == campaign).Select(p => 3 * p.Calls);
        Assert.Equal(lastMonday, spiked.Forecast.Select(p => p.Calls));
    }

    [Fact]
    public void Overrides_ReplaceTheirIntervals()
    {
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * 4, seed: 2), 7 * 4);
        var campaignHour = from.AddHours(10);
        var evening = from.AddHours(19);   // closed: the override opens it

        var forecast = SeriesForecaster.Forecast(history, 15, from, to,
            new ForecastOptions(Overrides: new Dictionary<DateTime, double> { [campaignHour] = 500, [evening] = 12 }));

        Assert.Equal(500, forecast.Forecast.Single(p => p.Start == campaignHour).Calls);
        Assert.Equal(12, forecast.Forecast.Single(p => p.Start == evening).Calls);
        Assert.Equal(5 * 40 + 16 + 1, forecast.Forecast.Count);
    }

    [Fact]
    public void HolidayInHistory_WeekdayStillForecast()
    {
        // The last Wednesday is a holiday (absent): Wednesday is still open, from the Wednesdays before.
        var holiday = DateOnly.FromDateTime(SyntheticCalls.FirstMonday.AddDays(23));
        var history = SyntheticCalls.Generate(7 * 4, seed: 6).Where(p => DateOnly.FromDateTime(p.Start) != holiday).ToList();
        var from = SyntheticCalls.FirstMonday.AddDays(28);

        foreach (var method in ForecastMethods.All)
        {
            var forecast = SeriesForecaster.Forecast(history, 15, from, from.AddDays(7), new ForecastOptions(method));
            var wednesday = forecast.Forecast.Where(p => p.Start.DayOfWeek == DayOfWeek.Wednesday).ToList();
            Assert.Equal(40, wednesday.Count);
            Assert.InRange(wednesday.Sum(p => p.Calls), 0.7 * 40 * 40, 1.3 * 40 * 40 * 1.2);
        }
    }

    [Fact]
    public void SameInput_SameForecast()
    {
        var (history, _, from, to) = Split(SyntheticCalls.Generate(7 * 6, seed: 9), 7 * 6);

        var first = SeriesForecaster.Forecast(history, 15, from, to);
        var second = SeriesForecaster.Forecast([.. history.AsEnumerable().Reverse()], 15, from, to);

        Assert.Equal(first.Method, second.Method);
        Assert.Equal(first.Forecast, second.Forecast);
    }

    [Fact]
    public void HistoryShorterThanThreeWeeks_Rejected()
    {
        var history = SyntheticCalls.Generate(20);
        var from = SyntheticCalls.FirstMonday.AddDays(21);

        Assert.Throws<ArgumentException>(() => SeriesForecaster.Forecast(history, 15, from, from.AddDays(1)));
    }
}
