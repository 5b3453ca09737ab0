namespace CallCentre.Routing.Privacy;

internal sealed class PrivacyOptions
{
    public double ErasureReportTimeoutSeconds { get; set; } = 10;
}
