namespace CallCentre.Routing.Loop;

/// <summary>Bound from <c>Routing</c>.</summary>
public sealed class RoutingOptions
{
    /// <summary>The operations centre's time zone: the agents' "today" (calls and talk time) starts at its midnight.</summary>
    public string CentreTimeZone { get; set; } = "Africa/Casablanca";
}
