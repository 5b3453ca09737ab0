using MailKit.Security;

namespace CallCentre.SlaTracking.Delivery;

/// <summary>Bound from <c>Delivery</c> (docs/reporting.md, "Scheduled delivery").</summary>
public sealed class DeliveryOptions
{
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The address clients open the platform at; set, each e-mail links to the report in the client portal.</summary>
    public string? PublicBaseUrl { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends of one period before it is logged as failed for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; it doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a replica holds a claimed delivery; a replica that dies mid-send leaves it to another after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class SmtpOptions
{
    /// <summary>Unset: schedules are kept but nothing is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "reports@callcentre.invalid";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
