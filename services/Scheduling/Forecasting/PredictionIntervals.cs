namespace CallCentre.Scheduling.Forecasting;

public readonly record struct PredictionInterval(DateTime Start, double Low, double High);

/// <summary>A negative binomial around the forecast, φ fitted on the holdout errors (docs/forecasting.md, Prediction intervals).</summary>
internal static class PredictionIntervals
{
    public const double Coverage = 0.8;
    private const double Z90 = 1.2815515655446004;

    /// <summary>Above this mean, quantiles come from the normal approximation instead of summing the distribution.</summary>
    private const double ExactUpTo = 200;

    /// <summary>φ = max(0, Σ((A − F)² − F) / ΣF²) over the observed slots the forecast covers.</summary>
    public static double Dispersion(DayGrid grid, IReadOnlyList<int> origins, IReadOnlyList<double[]?[]> forecasts)
    {
        double excess = 0, squares = 0;
        for (var f = 0; f < origins.Count; f++)
        for (var i = 0; i < forecasts[f].Length && origins[f] + i < grid.Days.Length; i++)
        {
            var (origin, forecast) = (origins[f], forecasts[f]);
            if (forecast[i] is not { } predicted || grid.Days[origin + i] is not { } actual) continue;
            for (var k = 0; k < actual.Length; k++)
            {
                if (double.IsNaN(actual[k]) || double.IsNaN(predicted[k])) continue;
                var error = actual[k] - predicted[k];
                excess += error * error - predicted[k];
                squares += predicted[k] * predicted[k];
            }
        }
        return squares > 0 ? Math.Max(0, excess / squares) : 0;
    }

    public static (double Low, double High) Of(double mean, double dispersion)
    {
        if (!(mean > 0)) return (0, 0);
        if (mean > ExactUpTo)
        {
            var spread = Z90 * Math.Sqrt(mean + dispersion * mean * mean);
            return (Math.Max(0, Math.Floor(mean - spread)), Math.Ceiling(mean + spread));
        }
        // P(0) and the ratio P(x+1)/P(x): Poisson when φ = 0, else negative binomial with size 1/φ.
        double probability, cumulative;
        Func<int, double> ratio;
        if (dispersion < 1e-9)
        {
            probability = Math.Exp(-mean);
            ratio = x => mean / (x + 1);
        }
        else
        {
            var size = 1 / dispersion;
            probability = Math.Exp(size * Math.Log(size / (size + mean)));
            ratio = x => (x + size) / (x + 1) * (mean / (size + mean));
        }
        cumulative = probability;
        const double tail = (1 - Coverage) / 2;
        double? low = null;
        var calls = 0;
        // The loop ends: the cumulative probability reaches 1 − tail within a few spreads of the mean.
        while (calls < 1_000_000)
        {
            if (low is null && cumulative >= tail - 1e-12) low = calls;
            if (cumulative >= 1 - tail - 1e-12) break;
            probability *= ratio(calls);
            calls++;
            cumulative += probability;
        }
        return (low ?? calls, calls);
    }
}
