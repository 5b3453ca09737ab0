using System.Threading.RateLimiting;

namespace CallCentre.Hosting.Auth;

/// <summary>Attempts count per client address, failures per user name (refused for the rest of the minute).</summary>
public sealed class SignInLimiter(AuthOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(options.AttemptsPerAddressPerMinute)));

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => Window(options.FailuresPerUserPerMinute)));

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    public TimeSpan? Attempt(string address) => RetryAfter(_addresses.AttemptAcquire(address));

    public TimeSpan? Blocked(string userName) => RetryAfter(_failures.AttemptAcquire(userName, 0));

    public void Failed(string userName) => _failures.AttemptAcquire(userName).Dispose();

    private static TimeSpan? RetryAfter(RateLimitLease lease)
    {
        using (lease)
        {
            if (lease.IsAcquired)
                return null;
            return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _failures.Dispose();
    }
}
