namespace CallCentre.Hosting.Limits;

/// <summary>How much a caller may send and how many costly computations may run at once (section <c>Limits</c>).</summary>
public sealed class RequestLimitsOptions
{
    /// <summary>Request body cap of every endpoint without a larger one of its own (<see cref="RequestBodyLimits.WithBodyLimit{TBuilder}"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Staffing requirement calculations running at once per process.</summary>
    public int ConcurrentRequirements { get; set; } = 2;

    /// <summary>Forecasts (series and recorded queues) running at once per process.</summary>
    public int ConcurrentForecasts { get; set; } = 2;

    /// <summary>Roster solves running at once per process: the solver takes every core it is given.</summary>
    public int ConcurrentRosterSolves { get; set; } = 1;

    /// <summary>Seconds a caller refused for lack of a free slot is told to wait (<c>Retry-After</c>).</summary>
    public int RetryAfterSeconds { get; set; } = 10;
}
