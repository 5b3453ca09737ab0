using CallCentre.Hosting.Data;
using CallCentre.Hosting.Operations;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Data;

/// <summary>Keeps closed buckets' summaries current, so that a report sums only the records of the bucket still filling.</summary>
public sealed class CallBucketSummariser(ModuleDatabase<SlaTrackingModule> database, CallAggregates aggregates, TimeProvider time,
    IOptions<SlaOptions> options, ILogger<CallBucketSummariser> logger) : BackgroundService
{
    public const int MaxBucketsPerPass = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.SummariseEvery, time, async ct =>
            {
                while (await SummariseOnceAsync(ct) == MaxBucketsPerPass)
                {
                }
            },
            e => logger.LogWarning(e, "Summing the call buckets failed; it runs again in {Every}", options.Value.SummariseEvery), stoppingToken);

    public async Task<int> SummariseOnceAsync(CancellationToken ct = default)
    {
        var closed = CallBucketVersions.BucketOf(time.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds());
        var stale = await database.RunAsync(async (c, token) => (await c.QueryAsync<(long Bucket, long Version)>(new CommandDefinition("""
            SELECT v.bucket, v.version
              FROM call_bucket_version v
              LEFT JOIN call_bucket_summarised s ON s.bucket = v.bucket
             WHERE v.bucket < @Closed AND (s.version IS NULL OR s.version < v.version)
             ORDER BY v.bucket
             LIMIT @Limit
            """, new { Closed = closed, Limit = MaxBucketsPerPass }, cancellationToken: token))).ToList(), ct);
        if (stale.Count > 0)
            await aggregates.SummariseAsync(null, stale, ct);
        return stale.Count;
    }
}
