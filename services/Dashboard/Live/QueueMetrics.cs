namespace CallCentre.Dashboard.Live;

public sealed record QueueMetrics(
    string TenantId, string QueueId, string QueueName, string LineOfBusiness, string Language,
    int CallsWaiting, double OldestWaitSeconds,
    int AgentsAvailable, int AgentsReserved, int AgentsOnCall, int AgentsAfterCallWork, int AgentsNotReady,
    int Offered, int Answered, int Abandoned, int AnsweredWithinThreshold, int ThresholdSeconds,
    double ServiceLevel, double TargetServiceLevel, double AverageSpeedOfAnswerSeconds, double AverageHandleSeconds,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyDictionary<string, int> WaitingByKind { get; init; } = new Dictionary<string, int>();
}
