using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class PredictionIntervalTests
{
    [Fact]
    public void Poisson_BoundsAreTheTenthAndNinetiethPercentiles()
    {
        // Poisson(10): P(X ≤ 5) = 0.067, P(X ≤ 6) = 0.130; P(X ≤ 13) = 0.864, P(X ≤ 14) = 0.917.
        Assert.Equal((6.0, 14.0), PredictionIntervals.Of(10, 0));
    }

    [Fact]
    public void Overdispersed_WiderThanPoisson()
    {
        var (poissonLow, poissonHigh) = PredictionIntervals.Of(50, 0);
        var (low, high) = PredictionIntervals.Of(50, 0.05);

        Assert.True(low < poissonLow && high > poissonHigh, $"[{low}, {high}] within [{poissonLow}, {poissonHigh}]");
    }

    [Fact]
    public void ExactAndNormalApproximation_MeetWithoutAJump()
    {
        var (exactLow, exactHigh) = PredictionIntervals.Of(200, 0.01);
        var (normalLow, normalHigh) = PredictionIntervals.Of(200.001, 0.01);

        Assert.InRange(normalLow - exactLow, -2, 2);
        Assert.InRange(normalHigh - exactHigh, -2, 2);
    }

    [Fact]
    public void NoCallsForecast_NoCallsExpected() => Assert.Equal((0.0, 0.0), PredictionIntervals.Of(0, 0.2));

    [Fact]
    public void Dispersion_HandChecked()
    {
        // Forecasts 10 and 20 against 14 and 12: Σ((A − F)² − F) = (16 − 10) + (64 − 20) = 50 over ΣF² = 500.
        var grid = DayGrid.Build([new(new DateTime(2025, 1, 6, 9, 0, 0), 14), new(new DateTime(2025, 1, 6, 9, 15, 0), 12)], 15);
        var forecast = ForecastModel.ClosedDay(grid);
        (forecast[36], forecast[37]) = (10, 20);

        Assert.Equal(0.1, PredictionIntervals.Dispersion(grid, [0], [[forecast]]), 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NoisySeries_IntervalsCoverAboutEightyPercentOfTheNextWeek(int seed)
    {
        var series = SyntheticCalls.Generate(7 * 11, seed: seed);
        var from = SyntheticCalls.FirstMonday.AddDays(7 * 10);
        var history = series.Where(p => p.Start < from).ToList();
        var actual = series.Where(p => p.Start >= from).ToDictionary(p => p.Start, p => p.Calls);

        var forecast = SeriesForecaster.Forecast(history, 15, from, from.AddDays(7));

        Assert.Equal(forecast.Forecast.Select(p => p.Start), forecast.Intervals.Select(i => i.Start));
        Assert.All(forecast.Forecast.Zip(forecast.Intervals), p => Assert.InRange(p.First.Calls, p.Second.Low, p.Second.High + 1));
        var coverage = forecast.Intervals.Average(i => i.Low <= actual[i.Start] && actual[i.Start] <= i.High ? 1.0 : 0.0);
        Assert.InRange(coverage, 0.72, 0.92);
    }

    [Fact]
    public void Override_IsItsOwnInterval()
    {
        var history = SyntheticCalls.Generate(7 * 4, seed: 2);
        var from = SyntheticCalls.FirstMonday.AddDays(28);
        var campaign = from.AddHours(10);

        var forecast = SeriesForecaster.Forecast(history, 15, from, from.AddDays(1),
            new ForecastOptions(Overrides: new Dictionary<DateTime, double> { [campaign] = 500 }));

        Assert.Equal(new PredictionInterval(campaign, 500, 500), forecast.Intervals.Single(i => i.Start == campaign));
    }
}
