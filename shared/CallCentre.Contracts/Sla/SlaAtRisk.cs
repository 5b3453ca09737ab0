namespace CallCentre.Contracts.Sla;

/// <summary>A queue still on target for the day so far will end the day below it if the recent pace continues
/// (<paramref name="ProjectedServiceLevel"/>: the day's figures plus the rest of the day at <paramref name="RecentServiceLevel"/>),
/// or would need more than 100 % for the rest of the day (<paramref name="RequiredServiceLevelForRestOfDay"/> above 1).</summary>
public record SlaAtRisk(
    string TenantId, string QueueId, DateOnly Day,
    double ServiceLevel, double RecentServiceLevel, double ProjectedServiceLevel, double TargetServiceLevel,
    double? RequiredServiceLevelForRestOfDay, int ThresholdSeconds, int ContractVersion,
    DateTimeOffset At);
