namespace CallCentre.Scheduling;

/// <summary>Bound from <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    /// <summary>An agent out of adherence this long raises an <c>AdherenceExceptionRaised</c>.</summary>
    public TimeSpan AdherenceThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the adherence monitor checks every agent.</summary>
    public TimeSpan AdherenceCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Agent state changes older than this many days are purged (adherence of older days is no longer answered).</summary>
    public int StateHistoryRetentionDays { get; set; } = 400;

    /// <summary>At start, publish today's demo schedule (staggered shifts with breaks and lunch) for every agent of the centre,
    /// unless today already has one, in a process that also hosts the simulator (the embedded demo). Off by default; on in the
    /// Host's appsettings.json.</summary>
    public bool PublishDemoSchedule { get; set; }
}
