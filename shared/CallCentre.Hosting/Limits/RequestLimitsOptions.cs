namespace CallCentre.Hosting.Limits;

internal sealed class RequestLimitsOptions
{
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    public int ConcurrentRequirements { get; set; } = 2;

    public int ConcurrentForecasts { get; set; } = 2;

    /// <summary>The solver takes every core it is given.</summary>
    public int ConcurrentRosterSolves { get; set; } = 1;

    public int RetryAfterSeconds { get; set; } = 10;
}
