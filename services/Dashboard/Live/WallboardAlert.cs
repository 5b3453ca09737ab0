namespace CallCentre.Dashboard.Live;

/// <summary>One entry of the wallboard's alert feed. <paramref name="Kind"/>: <c>sla-at-risk</c>, <c>sla-breached</c>,
/// <c>sla-recovered</c> (for <paramref name="QueueId"/>, with the day's <paramref name="ServiceLevel"/> against
/// <paramref name="TargetServiceLevel"/>), or <c>offers-missed</c> / <c>offers-rejected</c> (an agent put not ready by
/// Routing after missing or declining offers), or <c>adherence-out</c> / <c>adherence-back</c> (an agent out of adherence with
/// its published schedule past Scheduling's threshold, and back: <paramref name="ExpectedActivity"/>, <paramref name="ActualState"/>
/// and <paramref name="OutForSeconds"/>). <paramref name="Id"/> is the alert's natural key, so a redelivered event is not
/// shown twice. <see cref="TimeZone"/> is the tenant's, for showing <paramref name="At"/> in it.</summary>
public sealed record WallboardAlert(string Id, string Kind, string TenantId, string? QueueId, string? QueueName, string? AgentId,
    string? AgentName, double? ServiceLevel, double? TargetServiceLevel, DateTimeOffset At,
    string? ExpectedActivity = null, string? ActualState = null, int? OutForSeconds = null)
{
    public string? TimeZone { get; init; }
}
