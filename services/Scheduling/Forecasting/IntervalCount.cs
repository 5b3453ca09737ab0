namespace CallCentre.Scheduling.Forecasting;

/// <summary>Calls offered in the interval that starts at <see cref="Start"/>, a local wall-clock time.</summary>
public readonly record struct IntervalCount(DateTime Start, double Calls);

/// <summary>The forecasting methods, by the name the API reports.</summary>
public enum ForecastMethod
{
    /// <summary>The same interval on the same weekday of the latest week with data.</summary>
    SeasonalNaive,
    /// <summary>Holt-Winters on daily totals (level, damped trend, weekday factors) times an exponentially smoothed intraday profile.</summary>
    HoltWinters,
    /// <summary>Weighted mean of recent same-weekday totals times their weighted mean intraday shape.</summary>
    WeightedProfile,
}

public static class ForecastMethods
{
    public static readonly IReadOnlyList<ForecastMethod> All = [ForecastMethod.SeasonalNaive, ForecastMethod.HoltWinters, ForecastMethod.WeightedProfile];

    public static string Name(this ForecastMethod method) => method switch
    {
        ForecastMethod.SeasonalNaive => "seasonal-naive",
        ForecastMethod.HoltWinters => "holt-winters",
        ForecastMethod.WeightedProfile => "weighted-profile",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static ForecastMethod? Parse(string name) => All.Cast<ForecastMethod?>().FirstOrDefault(m => m!.Value.Name() == name);
}
