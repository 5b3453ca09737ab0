namespace CallCentre.Dashboard.Replicas;

/// <summary>Unset (one process hosting every module): the boards fill from the events alone.</summary>
public sealed class DashboardOptions
{
    public string? RoutingUrl { get; set; }

    public string? SlaTrackingUrl { get; set; }

    public string? SchedulingUrl { get; set; }

    /// <summary>Then the replica serves without them, and says so.</summary>
    public int WarmupTimeoutSeconds { get; set; } = 30;
}
