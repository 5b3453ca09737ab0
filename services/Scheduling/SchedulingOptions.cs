namespace CallCentre.Scheduling;

public sealed class SchedulingOptions
{
    /// <summary>An agent out of adherence this long raises an <c>AdherenceExceptionRaised</c>.</summary>
    public TimeSpan AdherenceThreshold { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AdherenceCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Adherence of older days is no longer answered.</summary>
    public int StateHistoryRetentionDays { get; set; } = 400;

    /// <summary>Today's demo schedule, unless today has one, where the simulator runs too; on in the Host's
    /// appsettings.json.</summary>
    public bool PublishDemoSchedule { get; set; }
}
