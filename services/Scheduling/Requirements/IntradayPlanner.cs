using System.Collections.Concurrent;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Forecasting;
using CallCentre.Scheduling.Requests;
using Microsoft.Extensions.Logging;

namespace CallCentre.Scheduling.Requirements;

/// <summary>Today's reforecast, requirement and schedule per queue of a tenant (docs/forecasting.md, Intraday reforecast).</summary>
public sealed class IntradayPlanner(VolumeStore volumes, QueueHistoryReader reader, ScheduleStore schedules, TimeProvider time,
    ILogger<IntradayPlanner> logger)
{
    public const int IntervalMinutes = 15;
    public const int HistoryDays = 91;

    private readonly ConcurrentDictionary<(string Queue, DateOnly Day), IReadOnlyList<PlannedInterval>?> _mornings = new();

    public async Task<IntradayStaffingUpdated?> PlanAsync(CentreDefinition centre, string tenantId, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is not { } tenant) return null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        var now = time.GetUtcNow();
        var today = QueueCalendar.DateOf(now, zone);
        var localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var published = await schedules.ListAsync(today.AddDays(-2), today.AddDays(1), ct: ct);
        var width = TimeSpan.FromMinutes(IntervalMinutes);
        var onPhones = new Dictionary<DateTimeOffset, IReadOnlyList<string>>();

        var queues = new List<QueueIntraday>();
        foreach (var queue in centre.Queues.Where(q => q.TenantId == tenantId).OrderBy(q => q.Id, StringComparer.Ordinal))
        {
            if (await MorningAsync(queue, tenant, zone, today, ct) is not { } morning) continue;
            var observed = await reader.ReadAsync(queue, zone, IntervalMinutes, today, today, ct);
            var handled = observed.HandleTimes.ToDictionary(h => h.Start);
            var day = IntradayReforecast.Reforecast(morning,
                [.. observed.Calls.Select(c => handled.TryGetValue(c.Start, out var h)
                    ? new ObservedInterval(c.Start, c.Calls, h.Seconds, h.Handled) : new ObservedInterval(c.Start, c.Calls, 0, 0))],
                localNow, IntervalMinutes);
            var able = centre.Agents.Where(a => RequirementForecast.Meets(a.Skills, queue.RequiredSkills)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            queues.Add(IntradayStaffing.Of(queue.Id, day, IntervalMinutes,
                new ServiceLevelTarget(queue.ServiceLevelTarget, queue.ServiceLevelThresholdSeconds),
                local => QueueCalendar.ToUtc(local, zone),
                start =>
                {
                    if (!onPhones.TryGetValue(start, out var agents)) onPhones[start] = agents = StaffingCheck.OnPhones(published, start, width);
                    return agents.Count(able.Contains);
                }));
        }
        return new IntradayStaffingUpdated(tenantId, today, tenant.TimeZone, IntervalMinutes, now, queues);
    }

    private async Task<IReadOnlyList<PlannedInterval>?> MorningAsync(QueueConfiguration queue, TenantDefinition tenant, TimeZoneInfo zone, DateOnly today,
        CancellationToken ct)
    {
        if (_mornings.TryGetValue((queue.Id, today), out var cached)) return cached;
        foreach (var old in _mornings.Keys.Where(k => k.Day < today)) _mornings.TryRemove(old, out _);
        var (enough, plan) = await ForecastAsync(queue, tenant, zone, today, ct);
        // A queue too young is asked again at the next refresh (a cheap query); one that cannot be forecast, tomorrow.
        if (enough) _mornings[(queue.Id, today)] = plan;
        return plan;
    }

    private async Task<(bool EnoughHistory, IReadOnlyList<PlannedInterval>? Plan)> ForecastAsync(QueueConfiguration queue, TenantDefinition tenant, TimeZoneInfo zone, DateOnly today,
        CancellationToken ct)
    {
        if (await volumes.FirstArrivalAsync(queue.TenantId, queue.Id, ct) is not { } since) return (false, null);
        var (from, to) = QueueCalendar.HistoryWindow(today, HistoryDays, QueueCalendar.DateOf(since, zone));
        if (to.DayNumber - from.DayNumber + 1 < SeriesForecaster.MinimumHistoryDays) return (false, null);
        var history = await reader.ReadAsync(queue, zone, IntervalMinutes, from, to, ct);
        var calendar = TenantCalendar.Of(tenant);
        var midnight = today.ToDateTime(TimeOnly.MinValue);
        SeriesForecast forecast;
        try
        {
            forecast = SeriesForecaster.Forecast(history.Calls, IntervalMinutes, midnight, midnight.AddDays(1),
                new ForecastOptions(ExcludedDays: CalendarForecast.DaysNotToLearn(calendar, from, to)));
        }
        catch (ArgumentException e)
        {
            logger.LogWarning("Intraday: queue {Queue} cannot be forecast: {Reason}", queue.Id, e.Message);
            return (true, null);
        }
        var points = forecast.Forecast.Where(p => !zone.IsInvalidTime(p.Start)).Select(p => CalendarForecast.Expected(calendar, p, IntervalMinutes)).ToList();
        var handled = history.HandleTimes.Sum(h => h.Handled);
        var average = handled > 0 ? history.HandleTimes.Sum(h => h.Seconds) / handled : (double?)null;
        var aht = HandleTimeForecast.Forecast(history.HandleTimes, midnight, [.. points.Select(p => p.Start)]);
        return (true, [.. points.Select((p, i) => new PlannedInterval(p.Start, p.Calls, aht?[i] ?? average))]);
    }
}
