namespace CallCentre.Scheduling.Forecasting;

/// <param name="Overrides">Replace (or, in closed hours, add) the forecast of the interval starting then.</param>
/// <param name="ClosedDays">Holidays on a weekday usually open, past and future: not learnt, and setting <see cref="DayEffects"/>.</param>
/// <param name="DaysLike">Horizon days forecast as another weekday, in that weekday's hours (a holiday that opens like a Saturday).</param>
public sealed record ForecastOptions(
    ForecastMethod? Method = null,
    IReadOnlySet<DateOnly>? ExcludedDays = null,
    IReadOnlyDictionary<DateTime, double>? Overrides = null,
    IReadOnlySet<DateOnly>? ClosedDays = null,
    IReadOnlyDictionary<DateOnly, DayOfWeek>? DaysLike = null);

public sealed record MethodAccuracy(ForecastMethod Method, ForecastAccuracy Holdout);

public sealed record SeriesForecast(
    ForecastMethod Method,
    ForecastAccuracy Holdout,
    DateOnly HoldoutFrom,
    IReadOnlyList<MethodAccuracy> Candidates,
    IReadOnlyList<IntervalCount> Forecast,
    IReadOnlyList<PredictionInterval> Intervals,
    double Dispersion);

/// <summary>Every method is scored on the history's last weeks, then the chosen one is refitted on the whole history (docs/forecasting.md).</summary>
public static class SeriesForecaster
{
    public static readonly IReadOnlyList<int> IntervalWidths = [5, 6, 10, 15, 30, 60];
    public const int HoldoutDays = 7;

    /// <summary>The holdout is this many weeks when the history is long enough: one week alone is a noisy judge.</summary>
    public const int HoldoutWeeks = 3;

    /// <summary>Two weeks to learn from (the baseline needs a week behind every day) and one to test on.</summary>
    public const int MinimumHistoryDays = 21;

    public const int MaxHistoryPoints = 200_000;

    /// <summary>Smaller holdout differences were noise on the design weeks (docs/forecasting.md).</summary>
    public const double ChallengerMargin = 0.1;

    public static SeriesForecast Forecast(IReadOnlyList<IntervalCount> history, int intervalMinutes, DateTime from, DateTime to,
        ForecastOptions? options = null)
    {
        options ??= new ForecastOptions();
        if (!IntervalWidths.Contains(intervalMinutes)) throw new ArgumentOutOfRangeException(nameof(intervalMinutes));
        if (history.Count == 0) throw new ArgumentException("The history is empty.", nameof(history));
        if (!(from < to)) throw new ArgumentException("The horizon is empty.", nameof(to));
        var grid = DayGrid.Build(history, intervalMinutes, options.ExcludedDays, options.ClosedDays);
        if (grid.Days.Length < MinimumHistoryDays)
            throw new ArgumentException($"The history covers {grid.Days.Length} days; at least {MinimumHistoryDays} are needed.", nameof(history));

        // Up to HoldoutWeeks weeks, each forecast from the days before it; the earlier ones only with two weeks behind them.
        var holdoutOrigins = Enumerable.Range(1, HoldoutWeeks).Select(j => grid.Days.Length - HoldoutDays * j)
            .Where((o, j) => j == 0 || o >= MinimumHistoryDays - HoldoutDays).ToArray();
        var holdouts = (options.Method is { } forced ? [forced] : ForecastMethods.All)
            .Select(m => (Method: m, Forecasts: holdoutOrigins.Select(o => Run(m, grid, o, HoldoutDays)).ToArray()))
            .ToList();
        var candidates = holdouts.Select(h => new MethodAccuracy(h.Method, Score(grid, holdoutOrigins, h.Forecasts))).ToList();
        var chosen = Choose(candidates, options.Method);
        var dispersion = PredictionIntervals.Dispersion(grid, holdoutOrigins, holdouts.Single(h => h.Method == chosen.Method).Forecasts);

        var firstDay = DateOnly.FromDateTime(from).DayNumber - grid.FirstDay.DayNumber;
        var lastDay = DateOnly.FromDateTime(to.AddTicks(-1)).DayNumber - grid.FirstDay.DayNumber;
        if (firstDay < grid.Days.Length - 1) throw new ArgumentException("The horizon starts before the history ends.", nameof(from));
        // A horizon that starts on the history's last day is forecast from the days before it.
        var origin = Math.Min(firstDay, grid.Days.Length);
        var days = Run(chosen.Method, grid, origin, lastDay - origin + 1);
        if (options.DaysLike is { Count: > 0 } daysLike) days = ForecastLike(grid, origin, days, daysLike, chosen.Method);

        var forecast = new List<IntervalCount>();
        for (var i = 0; i < days.Length; i++)
        {
            if (days[i] is not { } values) continue;
            var date = grid.FirstDay.AddDays(origin + i).ToDateTime(TimeOnly.MinValue);
            for (var k = 0; k < values.Length; k++)
            {
                var start = date.AddMinutes(k * intervalMinutes);
                if (!double.IsNaN(values[k]) && start >= from && start < to) forecast.Add(new IntervalCount(start, values[k]));
            }
        }
        if (options.Overrides is { Count: > 0 } overrides)
        {
            var byStart = forecast.ToDictionary(p => p.Start, p => p.Calls);
            foreach (var (start, calls) in overrides)
                if (start >= from && start < to) byStart[start] = calls;
            forecast = [.. byStart.OrderBy(p => p.Key).Select(p => new IntervalCount(p.Key, p.Value))];
        }
        var overridden = options.Overrides ?? new Dictionary<DateTime, double>();
        var intervals = forecast.Select(p =>
        {
            var (low, high) = overridden.ContainsKey(p.Start) ? (p.Calls, p.Calls) : PredictionIntervals.Of(p.Calls, dispersion);
            return new PredictionInterval(p.Start, low, high);
        }).ToList();
        return new SeriesForecast(chosen.Method, chosen.Holdout, grid.FirstDay.AddDays(holdoutOrigins[^1]), candidates, forecast, intervals, dispersion);
    }

    /// <summary>From the horizon's first such weekday not itself mapped, forecasting a week further when needed.</summary>
    private static double[]?[] ForecastLike(DayGrid grid, int origin, double[]?[] days, IReadOnlyDictionary<DateOnly, DayOfWeek> daysLike, ForecastMethod method)
    {
        bool Mapped(int day) => daysLike.TryGetValue(grid.FirstDay.AddDays(day), out var like) && (int)like != grid.DayOfWeekOf(day);
        var reach = Run(method, grid, origin, days.Length + 7);
        var result = (double[]?[])days.Clone();
        for (var i = 0; i < days.Length; i++)
        {
            if (!Mapped(origin + i)) continue;
            var like = (int)daysLike[grid.FirstDay.AddDays(origin + i)];
            var source = Enumerable.Range(0, reach.Length).FirstOrDefault(j => grid.DayOfWeekOf(origin + j) == like && !Mapped(origin + j), -1);
            result[i] = source < 0 ? null : reach[source] is { } values ? (double[])values.Clone() : null;
        }
        return result;
    }

    /// <summary>A forced method is taken as it is; baselines never challenge.</summary>
    internal static MethodAccuracy Choose(IReadOnlyList<MethodAccuracy> candidates, ForecastMethod? forced)
    {
        if (forced is { } method) return candidates.Single(c => c.Method == method);
        static double Wape(MethodAccuracy c) => c.Holdout.Wape ?? double.PositiveInfinity;
        var best = candidates.Where(c => !ForecastMethods.Baselines.Contains(c.Method)).MinBy(Wape)!;
        var standing = candidates.Single(c => c.Method == ForecastMethods.Default);
        return Wape(best) < Wape(standing) / (1 + ChallengerMargin) ? best : standing;
    }

    internal static double[]?[] Run(ForecastMethod method, DayGrid grid, int origin, int days) => method switch
    {
        ForecastMethod.SeasonalNaive => SeasonalNaive.Forecast(grid, origin, days),
        ForecastMethod.HoltWinters => HoltWinters.Forecast(grid, origin, days),
        ForecastMethod.WeightedProfile => WeightedProfile.Forecast(grid, origin, days),
        ForecastMethod.WeekdayMean => WeekdayMean.Forecast(grid, origin, days),
        ForecastMethod.PooledProfile => PooledProfile.Forecast(grid, origin, days),
        ForecastMethod.Ensemble => Ensemble.Forecast(grid, origin, days),
        ForecastMethod.RobustProfile => RobustProfile.Forecast(grid, origin, days),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    internal static ForecastAccuracy Score(DayGrid grid, IReadOnlyList<int> origins, IReadOnlyList<double[]?[]> forecasts)
    {
        var accuracy = new ForecastAccuracy.Accumulator();
        for (var f = 0; f < origins.Count; f++)
        {
            var (origin, forecast) = (origins[f], forecasts[f]);
            for (var i = 0; i < forecast.Length && origin + i < grid.Days.Length; i++)
            {
                if (forecast[i] is not { } predicted || grid.Days[origin + i] is not { } actual) continue;
                for (var k = 0; k < actual.Length; k++)
                    if (!double.IsNaN(actual[k]) && !double.IsNaN(predicted[k])) accuracy.Add(predicted[k], actual[k]);
            }
        }
        return accuracy.Result;
    }
}
