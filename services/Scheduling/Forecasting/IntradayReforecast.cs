namespace CallCentre.Scheduling.Forecasting;

/// <param name="AhtSeconds">Null when the queue never completed a call.</param>
public readonly record struct PlannedInterval(DateTime Start, double Calls, double? AhtSeconds);

public readonly record struct ObservedInterval(DateTime Start, double Calls, double HandleSeconds, long Handled);

/// <param name="Actual">Null for an interval not yet over.</param>
/// <param name="Reforecast">The actual for an interval that is over.</param>
public sealed record ReforecastInterval(DateTime Start, double Forecast, double? Actual, double Reforecast, double? ForecastAhtSeconds,
    double? ReforecastAhtSeconds);

public sealed record DayReforecast(double VolumeFactor, double HandleTimeFactor, IReadOnlyList<ReforecastInterval> Intervals);

/// <summary>The rest of today's forecast, scaled by today's evidence so far (docs/forecasting.md, Intraday reforecast).</summary>
public static class IntradayReforecast
{
    public const double PriorCalls = 1600;

    public const double Carried = 2.0 / 3;

    public const double PriorHandledCalls = 560;

    /// <param name="now">Intervals ending at or before it are over; only those are evidence.</param>
    public static DayReforecast Reforecast(IReadOnlyList<PlannedInterval> plan, IReadOnlyList<ObservedInterval> observed, DateTime now,
        int intervalMinutes, double priorCalls = PriorCalls, double carried = Carried, double priorHandledCalls = PriorHandledCalls)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalMinutes);
        ArgumentOutOfRangeException.ThrowIfNegative(priorCalls);
        ArgumentOutOfRangeException.ThrowIfNegative(priorHandledCalls);
        if (!(carried is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(carried));
        var width = TimeSpan.FromMinutes(intervalMinutes);
        var seen = new Dictionary<DateTime, ObservedInterval>();
        foreach (var o in observed)
            if (o.Start + width <= now)
                seen[o.Start] = seen.TryGetValue(o.Start, out var s) ? new(o.Start, s.Calls + o.Calls, s.HandleSeconds + o.HandleSeconds, s.Handled + o.Handled) : o;

        double actualCalls = 0, forecastCalls = 0, handleSeconds = 0, expectedSeconds = 0, handled = 0;
        foreach (var p in plan)
        {
            if (p.Start + width > now) continue;
            var o = seen.GetValueOrDefault(p.Start);
            actualCalls += o.Calls;
            forecastCalls += p.Calls;
            if (p.AhtSeconds is { } aht && o.Handled > 0)
            {
                handleSeconds += o.HandleSeconds;
                expectedSeconds += o.Handled * aht;
                handled += o.Handled;
            }
        }
        var volume = VolumeFactor(actualCalls, forecastCalls, priorCalls, carried);
        var handleTime = handled > 0 ? Shrunk(handleSeconds, expectedSeconds, priorHandledCalls * expectedSeconds / handled) : 1;

        var intervals = plan.OrderBy(p => p.Start).Select(p =>
        {
            var over = p.Start + width <= now;
            double? actual = over ? seen.GetValueOrDefault(p.Start).Calls : null;
            return new ReforecastInterval(p.Start, p.Calls, actual, actual ?? p.Calls * volume, p.AhtSeconds,
                p.AhtSeconds * (over ? 1 : handleTime));
        }).ToList();
        return new DayReforecast(volume, handleTime, intervals);
    }

    public static double VolumeFactor(double actual, double forecast, double prior, double carried) =>
        forecast > 0 ? 1 + carried * forecast / (forecast + carried * prior) * (actual / forecast - 1) : 1;

    public static double Shrunk(double actual, double forecast, double prior) =>
        forecast + prior > 0 ? (actual + prior) / (forecast + prior) : 1;
}
