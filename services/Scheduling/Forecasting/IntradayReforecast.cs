namespace CallCentre.Scheduling.Forecasting;

/// <summary>An interval of today as planned in the morning.</summary>
/// <param name="AhtSeconds">Null when the queue never completed a call.</param>
public readonly record struct PlannedInterval(DateTime Start, double Calls, double? AhtSeconds);

/// <summary>What came in an interval of today: its calls, and the handle time of those of them already completed.</summary>
public readonly record struct ObservedInterval(DateTime Start, double Calls, double HandleSeconds, long Handled);

/// <param name="Actual">Null for an interval not yet over.</param>
/// <param name="Reforecast">The actual for an interval that is over.</param>
public sealed record ReforecastInterval(DateTime Start, double Forecast, double? Actual, double Reforecast, double? ForecastAhtSeconds,
    double? ReforecastAhtSeconds);

/// <param name="VolumeFactor">What the rest of the day's forecast calls were multiplied by.</param>
/// <param name="HandleTimeFactor">What the rest of the day's handle times were multiplied by.</param>
public sealed record DayReforecast(double VolumeFactor, double HandleTimeFactor, IReadOnlyList<ReforecastInterval> Intervals);

/// <summary>
/// The rest of today's forecast, scaled by today's evidence so far: A calls came in the intervals over, for F forecast,
/// and the rest of the day is multiplied by <see cref="VolumeFactor"/>, the morning forecast alone at the start of the
/// day, moving toward the observed ratio as the calls seen outweigh K. Handle time by (S + K'·ā) / (E + K'·ā), the
/// handle seconds of the calls completed so far against what the forecast handle times give them.
/// docs/forecasting.md, Intraday reforecast. Pure and deterministic.
/// </summary>
public static class IntradayReforecast
{
    /// <summary>K: the calls seen so far weigh as much as the morning forecast once they are about this many.</summary>
    public const double PriorCalls = 100;

    /// <summary>c: the largest share of the deviation so far carried to the rest of the day, however many calls came. A day
    /// that starts busy stays busy, but not wholly: part of a morning's excess is the morning's shape, not the day's level.</summary>
    public const double Carried = 2.0 / 3;

    /// <summary>Calls' handle times vary about as much as their mean (coefficient of variation near 1.2 in the real
    /// records), a day's mean about 5 %: 1.4 / 0.05².</summary>
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

    /// <summary>1 + z·(A/F − 1), z = c·F / (F + c·K): the credibility of the calls so far grows with them, and tends to c.</summary>
    public static double VolumeFactor(double actual, double forecast, double prior, double carried) =>
        forecast > 0 ? 1 + carried * forecast / (forecast + carried * prior) * (actual / forecast - 1) : 1;

    /// <summary>(A + K) / (F + K); 1 when there is neither evidence nor prior.</summary>
    public static double Shrunk(double actual, double forecast, double prior) =>
        forecast + prior > 0 ? (actual + prior) / (forecast + prior) : 1;
}
