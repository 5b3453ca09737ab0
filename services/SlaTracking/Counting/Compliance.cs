namespace CallCentre.SlaTracking.Counting;

/// <summary>A target not set, or a period in which no call ended, has a null verdict.</summary>
public sealed record PeriodVerdict(bool? ServiceLevelMet, bool? AbandonmentMet, bool? AsaMet, bool? AhtMet)
{
    public bool Measured => ServiceLevelMet is not null || AbandonmentMet is not null || AsaMet is not null || AhtMet is not null;
    public bool AllMet => Measured && ServiceLevelMet != false && AbandonmentMet != false && AsaMet != false && AhtMet != false;
    public bool AnyMissed => ServiceLevelMet == false || AbandonmentMet == false || AsaMet == false || AhtMet == false;
}

public static class ComplianceRules
{
    public static PeriodVerdict Judge(PeriodFigures f, SlaContract c) => new(
        f.ServiceLevel is { } sl ? sl >= c.ServiceLevelTarget - 1e-12 : null,
        c.MaxAbandonmentRate is { } max && f.AbandonmentRate is { } ab ? ab <= max + 1e-12 : null,
        c.AsaTargetSeconds is { } asa && f.AverageSpeedOfAnswerSeconds is { } s ? s <= asa + 1e-9 : null,
        c.AhtTargetSeconds is { } aht && f.AverageHandleSeconds is { } h ? h <= aht + 1e-9 : null);
}
