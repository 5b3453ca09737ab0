namespace CallCentre.Routing.Leadership;

/// <summary>Routing's place among its processes (<c>Routing:*</c>). With PostgreSQL any number of Routing processes run;
/// the one holding the partition's lease is active, the others stand by and forward requests to it. With SQLite (embedded,
/// one process) the process is always active and no lease is kept.</summary>
public sealed class RoutingOptions
{
    /// <summary>The routing partition this process serves, the key of its lease row. One partition holds every tenant today;
    /// the row is keyed so that tenant partitions, each with its own lease, need no new table.</summary>
    public string Partition { get; set; } = DefaultPartition;

    public const string DefaultPartition = "default";

    /// <summary>The base address other Routing processes forward requests to while this one is active
    /// (<c>Routing:AdvertisedUrl</c>, e.g. <c>http://10.0.3.7:8080</c>); by default the first address the server listens on.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>How long a lease lasts without renewal: a standby takes over this long after the active process stopped renewing.</summary>
    public double LeaseSeconds { get; set; } = 2.5;

    /// <summary>How often the active process renews its lease.</summary>
    public double LeaseRenewSeconds { get; set; } = 0.8;

    /// <summary>How often a standby tries to take the lease (and reads where the active process is).</summary>
    public double StandbyPollSeconds { get; set; } = 0.25;
}
