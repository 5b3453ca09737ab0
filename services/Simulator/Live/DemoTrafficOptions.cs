namespace CallCentre.Simulator.Live;

/// <summary>Bound from <c>Simulator</c>: the steady demo traffic of the embedded mode.</summary>
public sealed class DemoTrafficOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>The platform to drive; by default the process's own first address.</summary>
    public string? Target { get; set; }
    public int Seed { get; set; } = 42;
    /// <summary>Calls per minute across all queues.</summary>
    public double CallsPerMinute { get; set; } = 40;
    /// <summary>The demo scenario's day (its arrival profile, with the morning peak) is played in this many minutes, over
    /// and over, with <see cref="CallsPerMinute"/> as the average; 0 keeps the rate constant.</summary>
    public double DayCycleMinutes { get; set; } = 30;
    public double MeanTalkSeconds { get; set; } = 40;
    public double MeanPatienceSeconds { get; set; } = 90;
    /// <summary>Share of the agents who start on a break rather than available.</summary>
    public double ShareOnBreak { get; set; } = 0.1;
    public string Password { get; set; } = "demo";
}
