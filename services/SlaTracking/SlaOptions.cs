namespace CallCentre.SlaTracking;

public sealed class SlaOptions
{
    public int RetentionDays { get; set; } = 400;

    /// <summary>Closed 15-minute buckets that changed are summed again this often.</summary>
    public TimeSpan SummariseEvery { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A breach ends (or an "at risk" clears) only this far above the target.</summary>
    public double Hysteresis { get; set; } = 0.02;

    /// <summary>Ended calls of the day (answered or counted abandons) before any alert.</summary>
    public int MinimumCallsForAlerts { get; set; } = 10;

    public int AtRiskWindowMinutes { get; set; } = 30;
}
