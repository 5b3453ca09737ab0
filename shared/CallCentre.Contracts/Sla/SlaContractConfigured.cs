namespace CallCentre.Contracts.Sla;

/// <summary>A contract version as SlaTracking counts it: announced when it is added and again when SlaTracking starts, so that
/// other modules (Scheduling's checks by simulation) can price a missed target.</summary>
/// <param name="TenantId">The client company.</param>
/// <param name="QueueId">Null: the tenant's contract, for its queues without their own.</param>
/// <param name="Version">Versions of a tenant or queue count up from 1; the one in effect is the last whose EffectiveFrom has passed.</param>
/// <param name="EffectiveFrom">From when the version counts.</param>
/// <param name="ServiceLevelTarget">The share (0–1) to answer within the threshold.</param>
/// <param name="ThresholdSeconds">The service level's "answered within".</param>
/// <param name="Period">"interval", "day" or "month": what one missed period is.</param>
/// <param name="IntervalMinutes">The width of an interval period.</param>
/// <param name="PenaltyPerMissedPeriod">In <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="At">When the version was announced.</param>
public record SlaContractConfigured(
    string TenantId, string? QueueId, int Version, DateTimeOffset EffectiveFrom,
    double ServiceLevelTarget, int ThresholdSeconds, string Period, int IntervalMinutes,
    decimal PenaltyPerMissedPeriod, string Currency, DateTimeOffset At);
