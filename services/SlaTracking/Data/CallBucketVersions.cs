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

    /// <summary>The SQL that gives every bucket holding a record a version (the migration runs it; so does a bulk load).</summary>
    public const string BackfillSql = """
        INSERT INTO call_bucket_version (bucket, version)
        SELECT DISTINCT CASE WHEN queued_at >= 0 THEN queued_at / 900000 ELSE (queued_at + 1) / 900000 - 1 END, 1
          FROM call_record
         WHERE true
        ON CONFLICT (bucket) DO NOTHING
        """;
}
