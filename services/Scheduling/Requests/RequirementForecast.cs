using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Forecasting;
using CallCentre.Scheduling.Requirements;
using static System.FormattableString;

namespace CallCentre.Scheduling.Requests;

/// <summary>The requirement as the staffing page computes it (docs/requests.md, How the check decides).</summary>
public sealed class RequirementForecast(VolumeStore volumes, QueueHistoryReader reader)
{
    /// <summary>Unknown names the queues with too little history; a queue that never took a call needs nobody.</summary>
    public async Task<(StaffingNeed? Need, IReadOnlyList<string> Unknown)> ComputeAsync(CentreDefinition centre, DateTimeOffset from,
        DateTimeOffset to, int intervalMinutes, int historyDays, CancellationToken ct)
    {
        var demands = new List<QueueDemand>();
        var unknown = new List<string>();
        foreach (var queue in centre.Queues.OrderBy(q => q.Id, StringComparer.Ordinal))
        {
            if (centre.FindTenant(queue.TenantId) is not { } tenant) continue;
            var (demand, problem) = await QueueAsync(queue, tenant, from, to, intervalMinutes, historyDays, ct);
            if (problem is not null) unknown.Add(problem);
            else if (demand is not null) demands.Add(demand);
        }
        if (unknown.Count > 0) return (null, unknown);

        var plan = StaffingRequirements.Compute(demands, intervalMinutes);
        foreach (var u in plan.Unreachable)
            unknown.Add(Invariant($"{u.QueueId} needs more than {ErlangC.MaxAgents} agents at {u.Start:yyyy-MM-dd HH:mm} UTC."));
        if (unknown.Count > 0) return (null, unknown);

        var required = plan.Intervals.ToDictionary(i => new DateTimeOffset(DateTime.SpecifyKind(i.Start, DateTimeKind.Utc)),
            i => (IReadOnlyDictionary<string, int>)i.Groups.ToDictionary(g => g.SkillGroup, g => g.Agents, StringComparer.Ordinal));
        return (new StaffingNeed(intervalMinutes, required, Members(centre)), []);
    }

    /// <summary>Null without a problem for a queue that never took a call; calls keyed by UTC start.</summary>
    public async Task<(QueueDemand? Demand, string? Problem)> QueueAsync(QueueConfiguration queue, TenantDefinition tenant, DateTimeOffset from,
        DateTimeOffset to, int intervalMinutes, int historyDays, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        if (await volumes.FirstArrivalAsync(queue.TenantId, queue.Id, ct) is not { } since) return (null, null);

        var first = QueueCalendar.DateOf(from, zone);
        var last = QueueCalendar.DateOf(to.AddTicks(-1), zone);
        var (historyFrom, historyTo) = QueueCalendar.HistoryWindow(first, historyDays, QueueCalendar.DateOf(since, zone));
        var span = historyTo.DayNumber - historyFrom.DayNumber + 1;
        if (span < SeriesForecaster.MinimumHistoryDays)
            return (null, Invariant($"Queue {queue.Id} has {Math.Max(0, span)} days of recorded calls before {first:yyyy-MM-dd}; its forecast needs {SeriesForecaster.MinimumHistoryDays}."));
        var history = await reader.ReadAsync(queue, zone, intervalMinutes, historyFrom, historyTo, ct);
        var calendar = TenantCalendar.Of(tenant);
        var handled = history.HandleTimes.Sum(h => h.Handled);
        if (handled == 0) return (null, $"Queue {queue.Id} has no completed call to learn its handle time from.");
        SeriesForecast forecast;
        try
        {
            forecast = SeriesForecaster.Forecast(history.Calls, intervalMinutes, first.ToDateTime(TimeOnly.MinValue),
                last.AddDays(1).ToDateTime(TimeOnly.MinValue),
                new ForecastOptions(ExcludedDays: CalendarForecast.DaysNotToLearn(calendar, historyFrom, historyTo),
                    ClosedDays: CalendarForecast.ClosedDays(calendar, historyFrom, last),
                    DaysLike: CalendarForecast.DaysLike(calendar, first, last)));
        }
        catch (ArgumentException e)
        {
            return (null, $"Queue {queue.Id} cannot be forecast: {e.Message}");
        }
        // Keyed by UTC: queues of tenants in different zones are pooled by instant.
        var calls = new Dictionary<DateTime, double>();
        foreach (var point in forecast.Forecast.Where(p => !zone.IsInvalidTime(p.Start)).Select(p => CalendarForecast.Expected(calendar, p, intervalMinutes)))
        {
            var utc = QueueCalendar.ToUtc(point.Start, zone);
            if (utc >= from.AddMinutes(-intervalMinutes) && utc < to) calls[utc.UtcDateTime] = calls.GetValueOrDefault(utc.UtcDateTime) + point.Calls;
        }
        return (new QueueDemand(queue.Id, SkillGroup(queue.RequiredSkills), history.HandleTimes.Sum(h => h.Seconds) / handled,
            new ServiceLevelTarget(queue.ServiceLevelTarget, queue.ServiceLevelThresholdSeconds), null, calls), null);
    }

    /// <summary>Queues whose calls need the same skills at the same levels share agents, e.g. <c>banking:2 fr:3</c>.</summary>
    public static string SkillGroup(IReadOnlyDictionary<string, int> skills) =>
        string.Join(" ", skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Invariant($"{s.Key}:{s.Value}")));

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Members(CentreDefinition centre) =>
        centre.Queues.GroupBy(q => SkillGroup(q.RequiredSkills), StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => (IReadOnlySet<string>)centre.Agents.Where(a => Meets(a.Skills, g.First().RequiredSkills)).Select(a => a.Id)
                .ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    public static bool Meets(IReadOnlyDictionary<string, int> have, IReadOnlyDictionary<string, int> required) =>
        required.All(r => have.TryGetValue(r.Key, out var level) && level >= r.Value);
}
