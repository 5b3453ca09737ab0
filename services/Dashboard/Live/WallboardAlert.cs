namespace CallCentre.Dashboard.Live;

/// <summary><paramref name="Id"/> is the natural key: a redelivered event is not shown twice.</summary>
public sealed record WallboardAlert(string Id, string Kind, string TenantId, string? QueueId, string? QueueName, string? AgentId,
    string? AgentName, double? ServiceLevel, double? TargetServiceLevel, DateTimeOffset At,
    string? ExpectedActivity = null, string? ActualState = null, int? OutForSeconds = null)
{
    public string? TimeZone { get; init; }
}
