namespace CallCentre.SlaTracking.Counting;

public enum MeasurementPeriod { Interval, Day, Month }

/// <summary>A version applies from <see cref="EffectiveFrom"/> until the next of its scope (a queue, or the
/// tenant).</summary>
/// <param name="ServiceLevelTarget">X of "X % within Y s", as a fraction (0.8).</param>
/// <param name="ThresholdSeconds">Y of "X % within Y s": a wait of exactly Y seconds is within.</param>
/// <param name="MaxAbandonmentRate">Counted abandons / (answered + counted abandons) must not exceed it.</param>
/// <param name="AbandonsInDenominator">Counted (not short) abandons are part of the service level's denominator.</param>
/// <param name="ShortAbandonSeconds">Abandons after a wait strictly below this are ignored by every ratio (0: none are).</param>
/// <param name="AbandonsWithinThresholdAsMet">Counted abandons within the threshold count as met (numerator and denominator).</param>
/// <param name="PenaltyPerMissedPeriod">Service credit owed to the client for each measured period with a missed target.</param>
/// <param name="CreditPerMetPeriod">Earn-back owed to the centre for each measured period with every target met.</param>
public sealed record SlaContract(
    string TenantId,
    string? QueueId,
    int Version,
    DateTimeOffset EffectiveFrom,
    double ServiceLevelTarget,
    int ThresholdSeconds,
    double? MaxAbandonmentRate = null,
    double? AsaTargetSeconds = null,
    double? AhtTargetSeconds = null,
    MeasurementPeriod Period = MeasurementPeriod.Day,
    int IntervalMinutes = 30,
    bool AbandonsInDenominator = true,
    int ShortAbandonSeconds = 0,
    bool AbandonsWithinThresholdAsMet = false,
    decimal PenaltyPerMissedPeriod = 0,
    decimal CreditPerMetPeriod = 0,
    string Currency = "EUR")
{
    /// <summary>Abandons in the denominator, no short-abandon threshold, judged per day.</summary>
    public static SlaContract Default(string tenantId, string queueId, int thresholdSeconds, double target) =>
        new(tenantId, queueId, 0, DateTimeOffset.MinValue, target, thresholdSeconds);
}
