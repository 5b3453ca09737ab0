namespace CallCentre.Scheduling.Requirements;

/// <summary><c>Scheduling:Intraday</c>.</summary>
public sealed class IntradayOptions
{
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
