using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

public enum MeasurementPeriod { Interval, Day, Month }

/// <summary>Fields and counting rules: docs/sla.md, Contracts.</summary>
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
    string Currency = "EUR",
    string Kind = ContactKinds.Voice)
{
    /// <summary>The scope it is stored and looked up under: the queue's (or, '' for, the tenant's) line of its kind.</summary>
    public string Line => ReportLine.Of(QueueId ?? "", Kind);

    public static SlaContract Default(string tenantId, string queueId, int thresholdSeconds, double target) =>
        new(tenantId, queueId, 0, DateTimeOffset.MinValue, target, thresholdSeconds);
}
