namespace CallCentre.Contracts.Sla;

/// <summary>A breached queue's service level for the day is back at or above its target plus the hysteresis margin.</summary>
public record SlaRecovered(
    string TenantId, string QueueId, DateOnly Day,
    double ServiceLevel, double TargetServiceLevel, int ThresholdSeconds, int ContractVersion,
    DateTimeOffset At);
