namespace CallCentre.Routing.Privacy;

/// <summary>Bound from <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    /// <summary>How long an erasure waits for the other modules' reports before answering with the ones that are missing.</summary>
    public double ErasureReportTimeoutSeconds { get; set; } = 10;
}
