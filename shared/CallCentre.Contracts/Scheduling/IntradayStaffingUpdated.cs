namespace CallCentre.Contracts.Scheduling;

/// <summary>A tenant's queues today, as Scheduling last reforecast them from the day's calls so far: published every 15 minutes
/// and when the published schedule changes. Each message replaces the tenant's previous one (the latest <paramref name="At"/>
/// wins).</summary>
/// <param name="TenantId">The client company.</param>
/// <param name="Date">The tenant's local day.</param>
/// <param name="TimeZone">The tenant's time zone, in which its day and intervals are cut.</param>
/// <param name="IntervalMinutes">The width of every queue's intervals.</param>
/// <param name="At">When the reforecast was made.</param>
/// <param name="Queues">The tenant's queues with history enough for a forecast.</param>
public record IntradayStaffingUpdated(
    string TenantId,
    DateOnly Date,
    string TimeZone,
    int IntervalMinutes,
    DateTimeOffset At,
    IReadOnlyList<QueueIntraday> Queues);
