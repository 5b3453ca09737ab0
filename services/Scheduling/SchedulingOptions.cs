namespace CallCentre.Scheduling;

public sealed class SchedulingOptions
{
    /// <summary>An agent out of adherence this long raises an <c>AdherenceExceptionRaised</c>.</summary>
    public TimeSpan AdherenceThreshold { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AdherenceCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan AdherencePublishInterval { get; set; } = TimeSpan.FromMinutes(15);

    public int StateHistoryRetentionDays { get; set; } = 400;

    /// <summary>How long <c>POST /api/schedules/checks</c> waits for the Simulator before answering 503.</summary>
    public TimeSpan SimulationCheckTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A published day's check no Simulator answered is tried again after this, doubling up to 32 times.</summary>
    public TimeSpan SimulationCheckRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Publishes today's demo schedule where the simulator runs too.</summary>
    public bool PublishDemoSchedule { get; set; }
}
