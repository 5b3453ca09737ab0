namespace CallCentre.Contracts.Sla;

/// <summary>A queue's figures for the tenant's current day so far, measured as SlaTracking counts them.</summary>
public record QueueServiceLevelUpdated(
    string TenantId, string QueueId, DateOnly Day,
    int Offered, int Answered, int Abandoned, int AnsweredWithinThreshold,
    int ThresholdSeconds, double ServiceLevel, double TargetServiceLevel,
    double AverageSpeedOfAnswerSeconds, double AverageHandleSeconds,
    DateTimeOffset At);
