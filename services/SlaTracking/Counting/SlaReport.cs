using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

/// <summary>Every figure can be recomputed from the call records of the period (see docs/sla.md).</summary>
public sealed record SlaReport(
    string TenantId,
    string TenantName,
    string TimeZone,
    string Language,
    string From,
    string To,
    string Granularity,
    int? IntervalMinutes,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ContractUsed> Contracts,
    IReadOnlyList<SlaReportRow> Rows,
    IReadOnlyList<MonthlyCompliance> Compliance);

public sealed record ContractUsed(
    string? QueueId, int Version, DateTimeOffset? EffectiveFrom, double ServiceLevelTarget, int ThresholdSeconds,
    double? MaxAbandonmentRate, double? AsaTargetSeconds, double? AhtTargetSeconds, string Period, int IntervalMinutes,
    bool AbandonsInDenominator, int ShortAbandonSeconds, bool AbandonsWithinThresholdAsMet,
    decimal PenaltyPerMissedPeriod, decimal CreditPerMetPeriod, string Currency, string Kind, string WaitClock, string CallbackAnswer)
{
    public static ContractUsed From(SlaContract c) => new(
        c.QueueId, c.Version, c.Version == 0 ? null : c.EffectiveFrom, c.ServiceLevelTarget, c.ThresholdSeconds, c.MaxAbandonmentRate,
        c.AsaTargetSeconds, c.AhtTargetSeconds, c.Period.ToString().ToLowerInvariant(), c.IntervalMinutes, c.AbandonsInDenominator,
        c.ShortAbandonSeconds, c.AbandonsWithinThresholdAsMet, c.PenaltyPerMissedPeriod, c.CreditPerMetPeriod, c.Currency, c.Kind,
        c.WaitClock, c.CallbackAnswer);
}

/// <summary><see cref="ContractVersion"/>: in force at the period's start (null on totals).</summary>
public sealed record SlaReportRow(
    string Period,
    string UtcOffset,
    DateTimeOffset Start,
    DateTimeOffset End,
    string QueueId,
    string QueueName,
    int? ContractVersion,
    double? TargetServiceLevel,
    int? ThresholdSeconds,
    PeriodFigures Figures,
    string Kind = ContactKinds.Voice);

public sealed record MonthlyCompliance(
    string Month,
    string QueueId,
    string QueueName,
    bool Complete,
    IReadOnlyList<int> ContractVersions,
    string MeasurementPeriod,
    PeriodFigures Figures,
    int PeriodsMeasured,
    TargetCount ServiceLevel,
    TargetCount? Abandonment,
    TargetCount? AverageSpeedOfAnswer,
    TargetCount? AverageHandleTime,
    int PeriodsWithAMissedTarget,
    decimal Penalties,
    decimal Credits,
    string Currency,
    string Kind = ContactKinds.Voice)
{
    public bool AllTargetsMet => PeriodsWithAMissedTarget == 0;
}

public sealed record TargetCount(int Met, int Missed)
{
    public bool Compliant => Missed == 0;
}
