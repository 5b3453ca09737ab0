using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Data;

public sealed class QueueHistoryStore(ModuleDatabase<SlaTrackingModule> database)
{
    /// <summary>Per arrival queue, kind and 15-minute UTC bucket: the calls abandoned unanswered and their summed wait.</summary>
    public async Task<IReadOnlyList<(string QueueId, string Kind, long Bucket, long Abandoned, long WaitMilliseconds)>> AbandonedWaitsAsync(
        string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        const string sql = """
            SELECT queue_id, kind, queued_at / 900000, count(*), CAST(sum(abandoned_at - queued_at) AS BIGINT)
              FROM call_record
             WHERE tenant_id = @TenantId AND queued_at >= @From AND queued_at < @To
               AND abandoned_at IS NOT NULL AND answered_at IS NULL
             GROUP BY queue_id, kind, queued_at / 900000
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string, string, long, long, long)>(sql, new
        {
            TenantId = tenantId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
        }), ct);
        return rows.ToList();
    }
}
