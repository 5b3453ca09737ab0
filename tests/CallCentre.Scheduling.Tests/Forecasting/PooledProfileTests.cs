using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class PooledProfileTests
{
    private static readonly DateTime From = SyntheticCalls.FirstMonday.AddDays(7 * 10);

    private static Dictionary<DateTime, double> Forecast(IReadOnlyList<IntervalCount> history, ForecastMethod method, int width = 15) =>
        SeriesForecaster.Forecast(history, width, From, From.AddDays(7), new ForecastOptions(method)).Forecast.ToDictionary(p => p.Start, p => p.Calls);

    private static double Wape(Dictionary<DateTime, double> forecast, IEnumerable<IntervalCount> actual) =>
        ForecastAccuracy.Of(actual.Select(a => (forecast.GetValueOrDefault(a.Start), a.Calls))).Wape!.Value;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void NoisySeries_BeatsTheFourWeekMean(int seed)
    {
        var series = SyntheticCalls.Generate(7 * 11, seed: seed, callsPerQuarterHour: 20);
        var history = series.Where(p => p.Start < From).ToList();
        var nextWeek = series.Where(p => p.Start >= From).ToList();

        var pooled = Wape(Forecast(history, ForecastMethod.PooledProfile), nextWeek);
        var mean = Wape(Forecast(history, ForecastMethod.WeekdayMean), nextWeek);

        // Pooling weekdays and smoothing neighbours averages away the noise a four-week mean keeps.
        Assert.True(pooled < 0.96 * mean, $"pooled-profile {pooled:P2} should beat the four-week mean {mean:P2} clearly");
    }

    [Theory]
    [InlineData(3, 10.0)]
    [InlineData(5, 0.01)]
    [InlineData(8, 1000.0)]
    public void ScaledHistory_ScaledForecast(int seed, double scale)
    {
        var history = SyntheticCalls.Generate(7 * 10, seed: seed).ToList();
        var scaled = history.Select(p => p with { Calls = p.Calls * scale }).ToList();

        var forecast = Forecast(history, ForecastMethod.PooledProfile);
        var scaledForecast = Forecast(scaled, ForecastMethod.PooledProfile);

        Assert.Equal(forecast.Keys, scaledForecast.Keys);
        Assert.All(forecast, p => Assert.Equal(p.Value * scale, scaledForecast[p.Key], Math.Max(1e-9, p.Value * scale * 1e-9)));
    }

    [Fact]
    public void ConstantSeries_ForecastsTheConstant()
    {
        var history = SyntheticCalls.Generate(7 * 10, noise: false).Select(p => p with { Calls = 7 }).ToList();

        var forecast = Forecast(history, ForecastMethod.PooledProfile);

        Assert.Equal(5 * 40 + 16, forecast.Count);
        Assert.All(forecast.Values, calls => Assert.Equal(7, calls, 9));
    }

    [Fact]
    public void MissingIntervals_EveryOpenIntervalStillForecast()
    {
        var series = SyntheticCalls.Generate(7 * 10, seed: 12);
        // Every 13th interval lost (a recorder outage), not closed: the open hours come from the days that have them.
        var history = series.Where((_, i) => i % 13 != 5).ToList();

        var full = Forecast(series, ForecastMethod.PooledProfile);
        var gappy = Forecast(history, ForecastMethod.PooledProfile);

        Assert.Equal(full.Keys, gappy.Keys);
        Assert.InRange(gappy.Values.Sum() / full.Values.Sum(), 0.97, 1.03);
        Assert.All(gappy, p => Assert.InRange(p.Value, 0.8 * full[p.Key], 1.25 * full[p.Key]));
    }

    [Fact]
    public void DaylightSavingDays_NeitherLearntAsAHoleNorAsADoubleHour()
    {
        // A centre open round the clock at 10 calls a quarter-hour: on one Sunday clocks go forward (02:00-03:00
        // never happens), on another back (01:00-02:00 happens twice, both passes in the same wall-clock slots).
        var random = new Random(4);
        var start = SyntheticCalls.FirstMonday;
        var spring = start.AddDays(13).Date;
        var autumn = start.AddDays(48).Date;
        var history = new List<IntervalCount>();
        for (var t = start; t < From; t = t.AddMinutes(15))
        {
            if (t.Date == spring && t.Hour == 2) continue;
            var calls = 10 + random.Next(-3, 4);
            history.Add(new IntervalCount(t, t.Date == autumn && t.Hour == 1 ? calls + 10 + random.Next(-3, 4) : calls));
        }

        var forecast = Forecast(history, ForecastMethod.PooledProfile);

        Assert.Equal(7 * 96, forecast.Count);
        var sunday = From.AddDays(6);
        Assert.All(Enumerable.Range(0, 96), k => Assert.InRange(forecast[sunday.AddMinutes(15 * k)], 8, 12.5));
    }

    [Fact]
    public void WeekdayMean_IsTheMeanOfTheLatestFourSameWeekdays()
    {
        var history = SyntheticCalls.Generate(7 * 10, seed: 6);
        var byStart = history.ToDictionary(p => p.Start, p => p.Calls);

        var forecast = Forecast(history, ForecastMethod.WeekdayMean);

        Assert.All(forecast, p => Assert.Equal(Enumerable.Range(1, 4).Average(w => byStart[p.Key.AddDays(-7 * w)]), p.Value, 9));
    }

    [Fact]
    public void Ensemble_IsTheMeanOfItsMembers()
    {
        var history = SyntheticCalls.Generate(7 * 10, seed: 9);

        var ensemble = Forecast(history, ForecastMethod.Ensemble);
        var members = Ensemble.Members.Select(m => Forecast(history, m)).ToList();

        Assert.All(ensemble, p => Assert.Equal(members.Average(m => m[p.Key]), p.Value, 9));
    }

    [Fact]
    public void Fit_NoisySeries_SmoothsOrPoolsTheShape()
    {
        var grid = DayGrid.Build(SyntheticCalls.Generate(7 * 10, seed: 2, callsPerQuarterHour: 5), 15);

        var parameters = PooledProfile.Fit(grid, grid.Days.Length);

        // Monday's own shape from a few weeks of 5-call intervals is mostly noise: the fit leans on its neighbours or the other weekdays.
        var monday = parameters.Shapes[(int)DayOfWeek.Monday];
        Assert.True(monday.Bandwidth > 0 || monday.Pooling > 0, monday.ToString());
    }
}
