using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Requirements;

internal static class IntradayStaffing
{
    /// <param name="scheduled">Agents on the phones for the whole interval starting then who can take the queue's calls.</param>
    public static QueueIntraday Of(string queueId, DayReforecast day, int intervalMinutes, ServiceLevelTarget target,
        Func<DateTime, DateTimeOffset> localToUtc, Func<DateTimeOffset, int> scheduled) =>
        new(queueId, Math.Round(day.VolumeFactor, 4), Math.Round(day.HandleTimeFactor, 4), [.. day.Intervals.Select(i =>
        {
            var start = localToUtc(i.Start);
            return new IntradayInterval(start, Math.Round(i.Forecast, 3), i.Actual, Math.Round(i.Reforecast, 3),
                i.ReforecastAhtSeconds is { } a ? Math.Round(a, 1) : null,
                Required(i.Reforecast, i.ReforecastAhtSeconds, intervalMinutes, target), scheduled(start));
        })]);

    /// <summary>0 without calls or a handle time; <see cref="ErlangC.MaxAgents"/> when the target is out of reach.</summary>
    public static int Required(double calls, double? ahtSeconds, int intervalMinutes, ServiceLevelTarget target)
    {
        if (!(calls > 0) || ahtSeconds is not > 0) return 0;
        var erlangs = calls * ahtSeconds.Value / (intervalMinutes * 60.0);
        return erlangs >= ErlangC.MaxAgents ? ErlangC.MaxAgents : ErlangC.AgentsNeeded(erlangs, ahtSeconds.Value, target)?.Agents ?? ErlangC.MaxAgents;
    }
}
