using System.Data.Common;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>The 15-minute buckets of UTC (Unix milliseconds / 900,000, rounded down) the call records are summed in, and
/// their versions: a transaction that changes a record of a bucket increments the bucket's version before it commits, so a
/// summary computed after reading version v is current as long as the version is still v (see docs/sla.md).</summary>
public static class CallBucketVersions
{
    public const long BucketMilliseconds = 15 * 60 * 1000;

    public static long BucketOf(long unixMilliseconds) =>
        unixMilliseconds >= 0 ? unixMilliseconds / BucketMilliseconds : (unixMilliseconds + 1) / BucketMilliseconds - 1;

    public static DateTimeOffset StartOf(long bucket) => DateTimeOffset.FromUnixTimeMilliseconds(bucket * BucketMilliseconds);

    /// <summary>Increments the versions of <paramref name="buckets"/> (ascending: concurrent writers lock them in one order).</summary>
    public static async Task IncrementAsync(DbConnection c, DbTransaction tx, bool postgres, long[] buckets, CancellationToken ct)
    {
        if (buckets.Length == 0)
            return;
        if (postgres)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO call_bucket_version (bucket, version)
                SELECT b, 1 FROM unnest(@Buckets::bigint[]) AS b
                ON CONFLICT (bucket) DO UPDATE SET version = call_bucket_version.version + 1
                """, new { Buckets = buckets }, tx, cancellationToken: ct));
        else
            foreach (var bucket in buckets)
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO call_bucket_version (bucket, version) VALUES (@Bucket, 1)
                    ON CONFLICT (bucket) DO UPDATE SET version = call_bucket_version.version + 1
                    """, new { Bucket = bucket }, tx, cancellationToken: ct));
    }

    /// <summary>The SQL that gives every bucket holding a record a version (the migration runs it; so does a bulk load).</summary>
    public const string BackfillSql = """
        INSERT INTO call_bucket_version (bucket, version)
        SELECT DISTINCT CASE WHEN queued_at >= 0 THEN queued_at / 900000 ELSE (queued_at + 1) / 900000 - 1 END, 1
          FROM call_record
        ON CONFLICT (bucket) DO NOTHING
        """;
}
