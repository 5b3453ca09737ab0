namespace CallCentre.Simulator.Live;

public sealed class DemoTrafficOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>By default the process's own first address.</summary>
    public string? Target { get; set; }
    public int Seed { get; set; } = 42;
    public double CallsPerMinute { get; set; } = 40;
    /// <summary>The demo scenario's day is played in this many minutes, over and over; 0: constant rate.</summary>
    public double DayCycleMinutes { get; set; } = 30;
    public double MeanTalkSeconds { get; set; } = 40;
    public double MeanPatienceSeconds { get; set; } = 90;
    public double ShareOnBreak { get; set; } = 0.1;
    public double CallbackAtOnceShare { get; set; } = 0.15;
    public string Password { get; set; } = "demo";
}
