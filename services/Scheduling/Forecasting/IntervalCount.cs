namespace CallCentre.Scheduling.Forecasting;

public readonly record struct IntervalCount(DateTime Start, double Calls);

public enum ForecastMethod
{
    SeasonalNaive,
    HoltWinters,
    WeightedProfile,
    WeekdayMean,
    PooledProfile,
    Ensemble,
    RobustProfile,
}

public static class ForecastMethods
{
    public static readonly IReadOnlyList<ForecastMethod> All = [
        ForecastMethod.SeasonalNaive, ForecastMethod.WeekdayMean, ForecastMethod.HoltWinters, ForecastMethod.WeightedProfile,
        ForecastMethod.PooledProfile, ForecastMethod.Ensemble, ForecastMethod.RobustProfile,
    ];

    /// <summary>Kept unless a challenger beats it clearly (<see cref="SeriesForecaster.ChallengerMargin"/>).</summary>
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
