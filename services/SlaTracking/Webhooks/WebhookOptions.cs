namespace CallCentre.SlaTracking.Webhooks;

/// <summary>Bound from <c>Webhooks</c> (docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed attempts of one delivery before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a replica holds a claimed delivery; one that dies mid-send leaves it to another after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries claimed per round, and how many of them are sent at once.</summary>
    public int BatchSize { get; set; } = 50;

    public int Parallelism { get; set; } = 8;

    /// <summary>How long a finished delivery (delivered, dead, cancelled) and its attempts stay in the log after its last attempt.</summary>
    public int DeliveryRetentionDays { get; set; } = 30;

    /// <summary>Lets a webhook target http://localhost or a loopback address (tests, the demo); https is required otherwise.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Lets a webhook reach private, link-local and other non-public addresses (a client system behind a VPN).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>The key that seals the signing secrets at rest, the same in every SlaTracking process (at least 32 random bytes);
    /// unset in embedded mode, a key file in the data folder.</summary>
    public string? SealingKey { get; set; }
}
