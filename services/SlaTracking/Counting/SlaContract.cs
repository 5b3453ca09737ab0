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
    string Kind = ContactKinds.Voice,
    string WaitClock = WaitClocks.Wall,
    string CallbackAnswer = CallbackAnswers.Reached)
{
    public WaitMeasure Measure => WaitClock == WaitClocks.Business ? WaitMeasure.Business
        : CallbackAnswer == CallbackAnswers.FirstDial ? WaitMeasure.FirstDial
        : WaitMeasure.Wall;

    /// <summary>The scope it is stored and looked up under: the queue's (or, '' for, the tenant's) line of its kind.</summary>
    public string Line => ReportLine.Of(QueueId ?? "", Kind);

    public static SlaContract Default(string tenantId, string queueId, int thresholdSeconds, double target) =>
        new(tenantId, queueId, 0, DateTimeOffset.MinValue, target, thresholdSeconds);
}

/// <summary>How a contract counts a contact's wait and answer (docs/sla.md, Counting other kinds).</summary>
public enum WaitMeasure : byte
{
    Wall,
    Business,
    FirstDial,
}

public static class WaitClocks
{
    public const string Wall = "wall";
    public const string Business = "business";
    public static readonly string[] All = [Wall, Business];
    /// <summary>The kinds whose contracts may count business hours only.</summary>
    public static readonly string[] BusinessKinds = [ContactKinds.Email, ContactKinds.Messaging];
}

public static class CallbackAnswers
{
    public const string Reached = "reached";
    public const string FirstDial = "firstDial";
    public static readonly string[] All = [Reached, FirstDial];
}

public static class WaitMeasures
{
    /// <summary>The measures a line's summaries keep: the wall clock, and the one other measure a contract of its kind may ask.</summary>
    public static WaitMeasure[] MeasuresOf(string kind) => kind switch
    {
        ContactKinds.Callback => [WaitMeasure.Wall, WaitMeasure.FirstDial],
        ContactKinds.Email or ContactKinds.Messaging => [WaitMeasure.Wall, WaitMeasure.Business],
        _ => [WaitMeasure.Wall],
    };
}
