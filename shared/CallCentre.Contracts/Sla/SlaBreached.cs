namespace CallCentre.Contracts.Sla;

/// <summary>A queue's service level for the tenant's day so far fell below its contract's target (published once per
/// breach; a <see cref="SlaRecovered"/> ends it). <paramref name="RequiredServiceLevelForRestOfDay"/> is what the rest of the
/// day must reach, at the day's pace so far, for the day to end on target: above 1 means it can no longer be met.</summary>
public record SlaBreached(
    string TenantId, string QueueId, DateOnly Day,
    double ServiceLevel, double TargetServiceLevel, int ThresholdSeconds, int ContractVersion,
    double? RequiredServiceLevelForRestOfDay,
    DateTimeOffset At);
