namespace CallCentre.SlaTracking.Data;

/// <summary>A summary is current while its bucket's version is the one it read (docs/sla.md, How a report is computed).</summary>
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
