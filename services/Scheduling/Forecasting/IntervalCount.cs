namespace CallCentre.Scheduling.Forecasting;

public readonly record struct IntervalCount(DateTime Start, double Calls);

/// <summary>By the name the API reports.</summary>
public enum ForecastMethod
{
    /// <summary>The same interval on the same weekday of the latest week with data.</summary>
    SeasonalNaive,
    /// <summary>Holt-Winters on daily totals (level, damped trend, weekday factors) times an exponentially smoothed intraday profile.</summary>
    HoltWinters,
    /// <summary>Weighted mean of recent same-weekday totals times their weighted mean intraday shape.</summary>
    WeightedProfile,
    /// <summary>The mean of the same interval on the latest four same weekdays with data.</summary>
    WeekdayMean,
    /// <summary>A deseasonalised level times weekday factors, spread by an intraday shape pooled across weekdays and smoothed.</summary>
    PooledProfile,
    /// <summary>The mean of the Holt-Winters and pooled-profile forecasts.</summary>
    Ensemble,
    /// <summary>The mean of the middle third of the latest nine same-weekday totals times the weekday's recent intraday shape, smoothed.</summary>
    RobustProfile,
}

public static class ForecastMethods
{
    public static readonly IReadOnlyList<ForecastMethod> All = [
        ForecastMethod.SeasonalNaive, ForecastMethod.WeekdayMean, ForecastMethod.HoltWinters, ForecastMethod.WeightedProfile,
        ForecastMethod.PooledProfile, ForecastMethod.Ensemble, ForecastMethod.RobustProfile,
    ];

    /// <summary>What <c>auto</c> forecasts with unless a challenger beats it clearly on the holdout
    /// (<see cref="SeriesForecaster.ChallengerMargin"/>).</summary>
    public const ForecastMethod Default = ForecastMethod.RobustProfile;

    /// <summary>Scored on the holdout and reported, chosen only when asked for by name.</summary>
    public static readonly IReadOnlyList<ForecastMethod> Baselines = [ForecastMethod.SeasonalNaive, ForecastMethod.WeekdayMean];

    public static string Name(this ForecastMethod method) => method switch
    {
        ForecastMethod.SeasonalNaive => "seasonal-naive",
        ForecastMethod.HoltWinters => "holt-winters",
        ForecastMethod.WeightedProfile => "weighted-profile",
        ForecastMethod.WeekdayMean => "weekday-mean",
        ForecastMethod.PooledProfile => "pooled-profile",
        ForecastMethod.Ensemble => "ensemble",
        ForecastMethod.RobustProfile => "robust-profile",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static ForecastMethod? Parse(string name) => All.Cast<ForecastMethod?>().FirstOrDefault(m => m!.Value.Name() == name);
}
