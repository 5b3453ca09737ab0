namespace CallCentre.Dashboard.Replicas;

/// <summary>Bound from <c>Dashboard</c>: where a starting replica reads the current boards. Unset (one process hosting every
/// module), the boards fill from the events alone.</summary>
public sealed class DashboardOptions
{
    /// <summary>Routing's base address (e.g. <c>http://routing:8080</c>): the queues' snapshots and the agents' states.</summary>
    public string? RoutingUrl { get; set; }

    /// <summary>SlaTracking's base address: each queue's service level today.</summary>
    public string? SlaTrackingUrl { get; set; }

    /// <summary>How long a starting replica keeps trying to read the boards before it serves without them (and says so).</summary>
    public int WarmupTimeoutSeconds { get; set; } = 30;
}
