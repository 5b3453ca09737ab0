using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Forecasting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class RobustProfileTests
{
    private const int Weeks = 20;
    private static readonly DateTime From = SyntheticCalls.FirstMonday.AddDays(7 * Weeks);

    private static Dictionary<DateTime, double> Forecast(IReadOnlyList<IntervalCount> history, ForecastMethod method) =>
        SeriesForecaster.Forecast(history, 15, From, From.AddDays(7), new ForecastOptions(method)).Forecast.ToDictionary(p => p.Start, p => p.Calls);

    /// <summary>The synthetic queue's known rates, drawn as true Poisson counts (Knuth's method; the means stay below 60).</summary>
    private static List<IntervalCount> Poisson(int days, int seed, double callsPerQuarterHour)
    {
        var random = new Random(seed);
        return [.. SyntheticCalls.Generate(days, noise: false, callsPerQuarterHour: callsPerQuarterHour).Select(p =>
        {
            var (limit, product, calls) = (Math.Exp(-p.Calls), random.NextDouble(), 0);
            while (product > limit) (product, calls) = (product * random.NextDouble(), calls + 1);
            return p with { Calls = calls };
        })];
    }

    /// <summary>Σ|forecast − known rate| / Σ known rate over the forecast week.</summary>
    private static double ErrorAgainstTheRate(Dictionary<DateTime, double> forecast, double callsPerQuarterHour) =>
        forecast.Sum(p => Math.Abs(p.Value - SyntheticCalls.Mean(p.Key, 15, callsPerQuarterHour))) /
        forecast.Keys.Sum(start => SyntheticCalls.Mean(start, 15, callsPerQuarterHour));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SeededPoissonSeries_ForecastRecoversTheRate(int seed)
    {
        var history = Poisson(7 * Weeks, seed, callsPerQuarterHour: 20);

        var robust = Forecast(history, ForecastMethod.RobustProfile);
        var mean = Forecast(history, ForecastMethod.WeekdayMean);

        // One day's total T is known to ±√T; the middle third of nine days to about ±√T / 2.3, so 1.5·√T is three of
        // those. The four-week mean keeps about ±9 % of noise in every slot; a smoothed 16-week shape far less.
        foreach (var day in robust.Keys.GroupBy(start => start.Date))
        {
            var forecastTotal = day.Sum(start => robust[start]);
            var trueTotal = day.Sum(start => SyntheticCalls.Mean(start, 15, 20));
            Assert.InRange(forecastTotal - trueTotal, -1.5 * Math.Sqrt(trueTotal), 1.5 * Math.Sqrt(trueTotal));
        }
        var (robustError, meanError) = (ErrorAgainstTheRate(robust, 20), ErrorAgainstTheRate(mean, 20));
        Assert.True(robustError < 0.05, $"robust-profile is {robustError:P2} from the rate");
        Assert.True(robustError < 0.7 * meanError, $"robust-profile {robustError:P2} should be much nearer the rate than the four-week mean {meanError:P2}");
    }

    [Fact]
    public void OutlierDay_LeavesTheDayTotalAlone()
    {
        // A month-start rush: one Monday three weeks back got three times its calls, in the usual shape.
        var rush = SyntheticCalls.FirstMonday.AddDays(7 * (Weeks - 3));
        var history = SyntheticCalls.Generate(7 * Weeks, noise: false)
            .Select(p => p.Start.Date == rush ? p with { Calls = 3 * p.Calls } : p).ToList();

        var robust = Forecast(history, ForecastMethod.RobustProfile);
        var mean = Forecast(history, ForecastMethod.WeekdayMean);

        var monday = robust.Keys.Where(start => start.DayOfWeek == DayOfWeek.Monday).ToList();
        Assert.All(monday, start => Assert.Equal(SyntheticCalls.Mean(start, 15, 40), robust[start], 9));
        // The mean of four Mondays is lifted by half: the test would fail for it.
        Assert.All(monday, start => Assert.Equal(1.5 * SyntheticCalls.Mean(start, 15, 40), mean[start], 9));
    }

    [Fact]
    public void TrimmedTotal_IsTheMeanOfTheMiddleThird()
    {
        // Nine Mondays of 100, 200, …, 900 calls in a random order (one slot each): the middle three are 400, 500, 600.
        var totals = new[] { 700, 100, 900, 400, 300, 800, 500, 200, 600, 10_000 };
        var history = totals.Select((calls, w) => new IntervalCount(SyntheticCalls.FirstMonday.AddDays(7 * w).AddHours(9), calls)).ToList();
        var grid = DayGrid.Build(history, 15);

        // From the last Monday's origin: the tenth, a 10,000-call day, is not among the nine before it.
        var total = RobustProfile.TrimmedTotal(grid, PooledProfile.DayTotals(grid), 7 * 9, (int)DayOfWeek.Monday);

        Assert.Equal(500, total, 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void FlatShape_StaysFlatWhenSmoothed(int bandwidth)
    {
        var grid = DayGrid.Build(SyntheticCalls.Generate(7 * 3, noise: false).Select(p => p with { Calls = 12 }).ToList(), 15);

        foreach (var dow in new[] { DayOfWeek.Monday, DayOfWeek.Saturday }.Select(d => (int)d))
        {
            var shape = RobustProfile.Smooth(grid, dow, RobustProfile.RawShape(grid, PooledProfile.DayTotals(grid), 21, dow), bandwidth);

            // Even the first and last open slots, whose neighbours are partly closed, keep their share.
            Assert.All(grid.OpenSlots[dow], k => Assert.Equal(1.0 / grid.OpenSlots[dow].Length, shape[k], 12));
            Assert.Equal(1, shape.Sum(), 12);
        }
    }

    [Fact]
    public void FitBandwidth_NoisyFewCalls_Smooths()
    {
        var grid = DayGrid.Build(Poisson(7 * 12, seed: 4, callsPerQuarterHour: 3), 15);

        Assert.True(RobustProfile.FitBandwidth(grid, PooledProfile.DayTotals(grid), grid.Days.Length) > 0);
    }

    [Fact]
    public void FitBandwidth_Noiseless_KeepsTheShape()
    {
        var grid = DayGrid.Build(SyntheticCalls.Generate(7 * 12, noise: false), 15);

        Assert.Equal(0, RobustProfile.FitBandwidth(grid, PooledProfile.DayTotals(grid), grid.Days.Length));
    }

    [Fact]
    public void Choose_ChallengerWithinTheMargin_KeepsTheDefault()
    {
        var candidates = Candidates((ForecastMethods.Default, 0.100), (ForecastMethod.HoltWinters, 0.092), (ForecastMethod.WeekdayMean, 0.05));

        Assert.Equal(ForecastMethods.Default, SeriesForecaster.Choose(candidates, forced: null).Method);
    }

    [Fact]
    public void Choose_ChallengerClearlyBetter_ReplacesTheDefault()
    {
        var candidates = Candidates((ForecastMethods.Default, 0.100), (ForecastMethod.HoltWinters, 0.090), (ForecastMethod.PooledProfile, 0.080));

        Assert.Equal(ForecastMethod.PooledProfile, SeriesForecaster.Choose(candidates, forced: null).Method);
    }

    [Fact]
    public void ForecastApi_Auto_AnswersWithTheHoldoutChoice()
    {
        var history = Poisson(7 * 12, seed: 6, callsPerQuarterHour: 20);
        var from = SyntheticCalls.FirstMonday.AddDays(7 * 12);
        var request = new SeriesForecastRequest(15, [.. history.Select(p => (ForecastPoint?)new ForecastPoint(p.Start, p.Calls))],
            new ForecastHorizon(from, from.AddDays(7)));

        var answer = Assert.IsType<Ok<SeriesForecastResponse>>(ForecastApi.ForecastSeries(request).Result).Value!;

        var direct = SeriesForecaster.Forecast(history, 15, from, from.AddDays(7));
        Assert.Equal(SeriesForecaster.Choose(direct.Candidates, forced: null).Method.Name(), answer.Method);
        Assert.Equal(direct.Forecast.Select(p => Math.Round(p.Calls, 3)), answer.Forecast.Select(p => p.Calls));
    }

    private static List<MethodAccuracy> Candidates(params (ForecastMethod Method, double Wape)[] scores) =>
        [.. scores.Select(s => new MethodAccuracy(s.Method, new ForecastAccuracy(s.Wape, s.Wape, 100)))];
}
