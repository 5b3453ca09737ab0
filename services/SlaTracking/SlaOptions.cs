namespace CallCentre.SlaTracking;

/// <summary>Bound from <c>Sla</c>.</summary>
public sealed class SlaOptions
{
    /// <summary>Call records queued longer ago than this are purged.</summary>
    public int RetentionDays { get; set; } = 400;

    /// <summary>How often the closed 15-minute buckets that changed are summed again for the reports.</summary>
    public TimeSpan SummariseEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the purge job runs.</summary>
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The live figures of a queue are published at most this often while they change.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A breach ends (and an "at risk" clears) only once the service level is this far above the target.</summary>
    public double Hysteresis { get; set; } = 0.02;

    /// <summary>No alert before this many calls of the day have ended (answered or counted abandons).</summary>
    public int MinimumCallsForAlerts { get; set; } = 10;

    /// <summary>The recent pace that the "at risk" projection extends to the rest of the day.</summary>
    public int AtRiskWindowMinutes { get; set; } = 30;
}
