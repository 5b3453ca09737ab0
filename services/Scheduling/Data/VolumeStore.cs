using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <summary>The actual volumes and handle times that forecasting learns from: one row per call, keyed by call id so that a
/// redelivered event changes nothing.</summary>
public sealed class VolumeStore(ModuleDatabase<SchedulingModule> database)
{
    public async Task RecordArrivalAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, NULL)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds() }), ct);

    public async Task RecordHandleTimeAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, double handleSeconds,
        CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @HandleSeconds)
            ON CONFLICT (call_id) DO UPDATE SET handle_seconds = excluded.handle_seconds
            """, new { CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds(),
            HandleSeconds = handleSeconds }), ct);

    public sealed class IntervalVolume
    {
        public long IntervalStart { get; init; }
        public long Calls { get; init; }
        public double HandleSeconds { get; init; }
        public long Handled { get; init; }
    }

    /// <summary>Calls and handle time per interval of <paramref name="intervalMinutes"/> in [from, to).</summary>
    public Task<IReadOnlyList<IntervalVolume>> VolumesAsync(string tenantId, string queueId, DateTimeOffset from, DateTimeOffset to,
        int intervalMinutes, CancellationToken ct) =>
        database.RunAsync<IReadOnlyList<IntervalVolume>>(async (c, _) => (await c.QueryAsync<IntervalVolume>("""
            SELECT CAST(queued_at / @Width * @Width AS BIGINT) AS IntervalStart,
                   CAST(count(*) AS BIGINT) AS Calls,
                   CAST(COALESCE(sum(handle_seconds), 0) AS DOUBLE PRECISION) AS HandleSeconds,
                   CAST(count(handle_seconds) AS BIGINT) AS Handled
              FROM call_arrival
             WHERE tenant_id = @TenantId AND queue_id = @QueueId AND queued_at >= @From AND queued_at < @To
             GROUP BY queued_at / @Width
             ORDER BY 1
            """, new { TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
            Width = intervalMinutes * 60_000L })).ToList(), ct).AsTask();

    /// <summary>When the first call the module recorded for the queue came, or null when none did.</summary>
    public Task<DateTimeOffset?> FirstArrivalAsync(string tenantId, string queueId, CancellationToken ct) =>
        database.RunAsync<DateTimeOffset?>(async (c, _) =>
            await c.ExecuteScalarAsync<long?>("SELECT min(queued_at) FROM call_arrival WHERE tenant_id = @TenantId AND queue_id = @QueueId",
                new { TenantId = tenantId, QueueId = queueId }) is { } first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null, ct).AsTask();
}
