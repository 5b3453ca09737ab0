namespace CallCentre.Scheduling.Forecasting;

public readonly record struct RecordedQuarter(DateTimeOffset Start, long Calls, double HandleSeconds, long Handled);

public readonly record struct HandleTimeSample(DateTime Start, double Seconds, long Handled);

/// <param name="Calls">Every open interval, with its calls (0 when none came).</param>
public sealed record QueueHistory(IReadOnlyList<IntervalCount> Calls, IReadOnlyList<HandleTimeSample> HandleTimes, DateOnly FirstDay, DateOnly LastDay);

/// <summary>Quiet is not closed; clock changes (docs/forecasting.md, A queue's own forecast). Pure.</summary>
public static class RecordedHistory
{
    public static readonly IReadOnlyList<int> IntervalWidths = [15, 30, 60];

    public static QueueHistory Build(IEnumerable<RecordedQuarter> quarters, TimeZoneInfo zone, int intervalMinutes,
        DateOnly firstDay, DateOnly lastDay, Func<DateTime, bool> isOpen)
    {
        if (!IntervalWidths.Contains(intervalMinutes)) throw new ArgumentOutOfRangeException(nameof(intervalMinutes));
        var calls = new SortedDictionary<DateTime, double>();
        var handle = new SortedDictionary<DateTime, (double Seconds, long Handled)>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            for (var minute = 0; minute < 1440; minute += intervalMinutes)
            {
                var start = midnight.AddMinutes(minute);
                if (!zone.IsInvalidTime(start) && isOpen(start)) calls[start] = 0;
            }
        }
        foreach (var quarter in quarters)
        {
            var local = TimeZoneInfo.ConvertTime(quarter.Start, zone).DateTime;
            var day = DateOnly.FromDateTime(local);
            if (day < firstDay || day > lastDay) continue;
            var start = local.Date.AddMinutes(Math.Floor(local.TimeOfDay.TotalMinutes / intervalMinutes) * intervalMinutes);
            calls[start] = calls.GetValueOrDefault(start) + quarter.Calls;
            if (quarter.Handled > 0)
            {
                var (seconds, handled) = handle.GetValueOrDefault(start);
                handle[start] = (seconds + quarter.HandleSeconds, handled + quarter.Handled);
            }
        }
        return new QueueHistory(
            [.. calls.Select(p => new IntervalCount(p.Key, p.Value))],
            [.. handle.Select(p => new HandleTimeSample(p.Key, p.Value.Seconds, p.Value.Handled))],
            firstDay, lastDay);
    }
}

/// <summary>A credibility blend from the specific to the general (docs/forecasting.md, A queue's own forecast).</summary>
public static class HandleTimeForecast
{
    public const double WeeklyDecay = 0.8;

    /// <summary>How many completed calls an interval needs before its own average outweighs the broader one.</summary>
    public const double Credibility = 20;

    /// <summary>Null for all when no call was ever completed.</summary>
    public static double[]? Forecast(IReadOnlyList<HandleTimeSample> samples, DateTime horizonFrom, IReadOnlyList<DateTime> starts)
    {
        double totalSeconds = 0, totalCalls = 0;
        var bySlot = new Dictionary<TimeSpan, (double S, double N)>();
        var byWeekSlot = new Dictionary<(DayOfWeek, TimeSpan), (double S, double N)>();
        foreach (var sample in samples)
        {
            if (sample.Handled <= 0) continue;
            var weeksBefore = Math.Max(0, Math.Floor((horizonFrom - sample.Start).TotalDays / 7));
            var w = Math.Pow(WeeklyDecay, weeksBefore);
            var s = w * sample.Seconds;
            var n = w * sample.Handled;
            totalSeconds += s;
            totalCalls += n;
            var slot = bySlot.GetValueOrDefault(sample.Start.TimeOfDay);
            bySlot[sample.Start.TimeOfDay] = (slot.S + s, slot.N + n);
            var key = (sample.Start.DayOfWeek, sample.Start.TimeOfDay);
            var weekSlot = byWeekSlot.GetValueOrDefault(key);
            byWeekSlot[key] = (weekSlot.S + s, weekSlot.N + n);
        }
        if (totalCalls <= 0) return null;
        var overall = totalSeconds / totalCalls;
        var result = new double[starts.Count];
        for (var i = 0; i < starts.Count; i++)
        {
            var (ss, sn) = bySlot.GetValueOrDefault(starts[i].TimeOfDay);
            var slot = (ss + Credibility * overall) / (sn + Credibility);
            var (ws, wn) = byWeekSlot.GetValueOrDefault((starts[i].DayOfWeek, starts[i].TimeOfDay));
            result[i] = (ws + Credibility * slot) / (wn + Credibility);
        }
        return result;
    }
}
