namespace CallCentre.Scheduling.Requirements;

/// <summary><c>Scheduling:Intraday</c>.</summary>
public sealed class IntradayOptions
{
    /// <summary>How often the publisher looks for a new quarter-hour or a changed schedule.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
