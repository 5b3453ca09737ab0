namespace CallCentre.Routing.Leadership;

/// <summary>With SQLite the one process is always active and no lease is kept.</summary>
public sealed class RoutingOptions
{
    public string Partition { get; set; } = DefaultPartition;

    public const string DefaultPartition = "default";

    /// <summary>Partition name to its tenants, comma-separated; the same on every Routing process.</summary>
    public Dictionary<string, string> Partitions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where standbys forward to; by default the first address the server listens on.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>How long a lease lasts without renewal: a standby takes over this long after the active process stopped renewing,
    /// or one renewal period after it if the process's lease session has ended (it died).</summary>
    public double LeaseSeconds { get; set; } = 2.5;

    public double LeaseRenewSeconds { get; set; } = 0.8;

    /// <summary>How often a standby tries to take the lease (and reads where the active process is).</summary>
    public double StandbyPollSeconds { get; set; } = 0.25;
}
