using System.Globalization;
using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class IntradayReforecastTests
{
    private static readonly DateTime Day = new(2026, 3, 4);

    /// <summary>08:00 to 18:00 in 15-minute intervals, <paramref name="calls"/> forecast in each.</summary>
    private static List<PlannedInterval> Plan(double calls, double? aht = 200) =>
        [.. Enumerable.Range(0, 40).Select(i => new PlannedInterval(Day.AddHours(8).AddMinutes(15 * i), calls, aht))];

    private static List<ObservedInterval> Poisson(IEnumerable<PlannedInterval> plan, double factor, int seed, double ahtSeconds = 200)
    {
        var random = new Random(seed);
        return [.. plan.Select(p =>
        {
            var calls = Draw(random, p.Calls * factor);
            return new ObservedInterval(p.Start, calls, calls * ahtSeconds, calls);
        })];
    }

    private static int Draw(Random random, double mean)
    {
        var (limit, product, n) = (Math.Exp(-mean), random.NextDouble(), 0);
        while (product > limit) (product, n) = (product * random.NextDouble(), n + 1);
        return n;
    }

    [Fact]
    public void BeforeAnyIntervalIsOver_TheMorningForecastStands()
    {
        var plan = Plan(30);
        var result = IntradayReforecast.Reforecast(plan, Poisson(plan, 2, seed: 1), Day.AddHours(8).AddMinutes(14), 15);

        Assert.Equal(1, result.VolumeFactor);
        Assert.Equal(1, result.HandleTimeFactor);
        Assert.All(result.Intervals, i => Assert.Equal(30, i.Reforecast));
        Assert.All(result.Intervals, i => Assert.Null(i.Actual));
    }

    [Fact]
    public void VolumeFactor_ByHand()
    {
        // z = (2/3)·100 / (100 + (2/3)·100) = 0.4; 1 + 0.4 × (150/100 − 1) = 1.2.
        Assert.Equal(1.2, IntradayReforecast.VolumeFactor(150, 100, 100, 2.0 / 3), 12);
        Assert.Equal(1, IntradayReforecast.VolumeFactor(100, 100, 100, 2.0 / 3));
        Assert.Equal(1, IntradayReforecast.VolumeFactor(5, 0, 100, 2.0 / 3));
    }

    [Fact]
    public void TheWeightOfTheCallsSoFar_GrowsWithThemAndTendsToTheCarriedShare()
    {
        var little = IntradayReforecast.VolumeFactor(15, 10, IntradayReforecast.PriorCalls, IntradayReforecast.Carried);
        var some = IntradayReforecast.VolumeFactor(150, 100, IntradayReforecast.PriorCalls, IntradayReforecast.Carried);
        var much = IntradayReforecast.VolumeFactor(150_000_000, 100_000_000, IntradayReforecast.PriorCalls, IntradayReforecast.Carried);

        Assert.True(1 < little && little < some && some < much, $"{little} {some} {much}");
        Assert.Equal(1 + IntradayReforecast.Carried * 0.5, much, 3);
    }

    [Fact]
    public void OnlyIntervalsOverAreEvidence_AndTheirReforecastIsTheActual()
    {
        var plan = Plan(40);
        var observed = plan.Select(p => new ObservedInterval(p.Start, 60, 60 * 200, 60)).ToList();
        // 10:07: eight intervals are over (08:00 to 09:45), 10:00 is not.
        var result = IntradayReforecast.Reforecast(plan, observed, Day.AddHours(10).AddMinutes(7), 15);

        Assert.Equal(IntradayReforecast.VolumeFactor(8 * 60, 8 * 40, IntradayReforecast.PriorCalls, IntradayReforecast.Carried), result.VolumeFactor, 12);
        Assert.All(result.Intervals.Take(8), i => Assert.Equal(60, i.Reforecast));
        Assert.All(result.Intervals.Skip(8), i => Assert.Null(i.Actual));
        Assert.All(result.Intervals.Skip(8), i => Assert.Equal(40 * result.VolumeFactor, i.Reforecast, 9));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ADayBusierThanForecast_TheRestOfTheDayIsNearerItsTrueRate(int seed)
    {
        // The day runs at 1.3 times the morning forecast; at 12:00 the rest of the day's reforecast is nearer the truth.
        var plan = Plan(30);
        var observed = Poisson(plan, 1.3, seed);
        var noon = Day.AddHours(12);
        var result = IntradayReforecast.Reforecast(plan, observed, noon, 15);

        var rest = result.Intervals.Where(i => i.Start >= noon).ToList();
        var truth = rest.Sum(i => 30 * 1.3);
        // z = (2/3)·480 / (480 + (2/3)·1600) ≈ 0.21 of the deviation so far is carried by noon.
        Assert.True(Math.Abs(rest.Sum(i => i.Reforecast) - truth) < 0.9 * Math.Abs(rest.Sum(i => i.Forecast) - truth));
        var actual = observed.ToDictionary(o => o.Start, o => o.Calls);
        Assert.True(Wape(rest, i => i.Reforecast, actual) < Wape(rest, i => i.Forecast, actual));
        Assert.InRange(result.VolumeFactor, 1.03, 1.3);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void ADayAsForecast_IsLeftNearlyAsItWas(int seed)
    {
        var plan = Plan(30);
        var result = IntradayReforecast.Reforecast(plan, Poisson(plan, 1, seed), Day.AddHours(13), 15);

        // 600 calls seen: one standard deviation of their ratio is 1/√600 ≈ 4 %, of which at most two thirds is carried.
        Assert.InRange(result.VolumeFactor, 0.94, 1.06);
    }

    [Fact]
    public void LongerHandleTimes_LengthenTheRestOfTheDaysHandleTime()
    {
        var plan = Plan(30, aht: 200);
        var observed = Poisson(plan, 1, seed: 6, ahtSeconds: 260);
        var noon = Day.AddHours(12);
        var result = IntradayReforecast.Reforecast(plan, observed, noon, 15);

        var handled = observed.Where(o => o.Start < noon).Sum(o => o.Handled);
        var prior = IntradayReforecast.PriorHandledCalls * 200;
        Assert.Equal((handled * 260 + prior) / (handled * 200 + prior), result.HandleTimeFactor, 9);
        Assert.All(result.Intervals.Where(i => i.Start >= noon), i => Assert.Equal(200 * result.HandleTimeFactor, i.ReforecastAhtSeconds!.Value, 9));
        Assert.All(result.Intervals.Where(i => i.Start < noon), i => Assert.Equal(200, i.ReforecastAhtSeconds));
        Assert.InRange(result.HandleTimeFactor, 1.1, 1.3);
    }

    [Fact]
    public void WithoutAHandleTimeForecast_NoneIsMadeUp()
    {
        var plan = Plan(30, aht: null);
        var result = IntradayReforecast.Reforecast(plan, Poisson(plan, 1, seed: 7), Day.AddHours(12), 15);

        Assert.Equal(1, result.HandleTimeFactor);
        Assert.All(result.Intervals, i => Assert.Null(i.ReforecastAhtSeconds));
    }

    /// <summary>2003-10-08 at the US bank (docs/forecasting.md, Intraday reforecast): the quietest Wednesday of the final
    /// weeks, 28,801 calls for 30,637 forecast in the morning. Its rest of the day, reforecast every hour from 09:00,
    /// is nearer the actual than the morning forecast at every hour.</summary>
    [Fact]
    public void AReplayedRealDay_TheRestOfTheDayIsNearerEveryHour()
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Forecasting", "Data", "us-bank-2003-10-08.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => (Start: DateTime.ParseExact(f[0], "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
                Forecast: double.Parse(f[1], CultureInfo.InvariantCulture), Actual: double.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(169, rows.Count);
        var plan = rows.Select(r => new PlannedInterval(r.Start, r.Forecast, null)).ToList();
        var observed = rows.Select(r => new ObservedInterval(r.Start, r.Actual, 0, 0)).ToList();
        var actual = rows.ToDictionary(r => r.Start, r => r.Actual);

        for (var hour = 9; hour <= 19; hour++)
        {
            var now = rows[0].Start.Date.AddHours(hour);
            var rest = IntradayReforecast.Reforecast(plan, observed, now, 5).Intervals.Where(i => i.Start >= now).ToList();
            var (morning, reforecast) = (Wape(rest, i => i.Forecast, actual), Wape(rest, i => i.Reforecast, actual));
            Assert.True(reforecast < morning, $"{now:HH:mm}: reforecast {reforecast:P2}, morning {morning:P2}");
        }
    }

    private static double Wape(IEnumerable<ReforecastInterval> intervals, Func<ReforecastInterval, double> forecast, Dictionary<DateTime, double> actual) =>
        ForecastAccuracy.Of(intervals.Select(i => (forecast(i), actual[i.Start]))).Wape!.Value;
}
