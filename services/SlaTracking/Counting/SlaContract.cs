namespace CallCentre.SlaTracking.Counting;

/// <summary>The period over which a contract's targets are judged.</summary>
public enum MeasurementPeriod { Interval, Day, Month }

/// <summary>One version of a client's service-level contract, for a whole tenant (<see cref="QueueId"/> null) or one queue.
/// A version applies from <see cref="EffectiveFrom"/> until the next version of the same scope starts. Version 0 is the
/// default taken from the centre's queue definition when nothing is stored.</summary>
/// <param name="ServiceLevelTarget">X of "X % within Y s", as a fraction (0.8).</param>
/// <param name="ThresholdSeconds">Y of "X % within Y s": a wait of exactly Y seconds is within.</param>
/// <param name="MaxAbandonmentRate">Counted abandons / (answered + counted abandons) must not exceed it.</param>
/// <param name="AsaTargetSeconds">Average speed of answer must not exceed it.</param>
/// <param name="AhtTargetSeconds">Average handle time (talk + hold + wrap-up) must not exceed it.</param>
/// <param name="IntervalMinutes">15 or 30, when <paramref name="Period"/> is <see cref="MeasurementPeriod.Interval"/>.</param>
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
    /// <summary>The contract the centre's queue definition implies when none is stored: its threshold and target, abandons
    /// in the denominator, no short-abandon threshold, judged per day, no other target.</summary>
    public static SlaContract Default(string tenantId, string queueId, int thresholdSeconds, double target) =>
        new(tenantId, queueId, 0, DateTimeOffset.MinValue, target, thresholdSeconds);
}
