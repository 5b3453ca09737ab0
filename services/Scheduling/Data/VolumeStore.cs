using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <summary>Idempotent per call and per leg; handle time counts in the interval the call arrived in.</summary>
public sealed class VolumeStore(ModuleDatabase<SchedulingModule> database)
{
    public async Task RecordArrivalAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds() }), ct);

    /// <summary>It adds no call to the volumes.</summary>
    public async Task RecordLegAsync(CallLegEnded leg, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_leg (call_id, ended_at, tenant_id, queued_at, ended_by, talk_seconds, hold_seconds, wrap_up_seconds)
                 VALUES (@CallId, @EndedAt, @TenantId, @QueuedAt, @EndedBy, @TalkSeconds, @HoldSeconds, @WrapUpSeconds)
            ON CONFLICT (call_id, ended_at) DO NOTHING
            """, new
        {
            CallId = leg.CallId.ToString(), EndedAt = leg.EndedAt.ToUnixTimeMilliseconds(), leg.TenantId,
            QueuedAt = leg.QueuedAt.ToUnixTimeMilliseconds(), leg.EndedBy, leg.TalkSeconds, leg.HoldSeconds, leg.WrapUpSeconds,
        }), ct);

    public sealed class IntervalVolume
    {
        public long IntervalStart { get; init; }
        public long Calls { get; init; }
        public double HandleSeconds { get; init; }
        public long Handled { get; init; }
    }

    public Task<IReadOnlyList<IntervalVolume>> VolumesAsync(string tenantId, string queueId, DateTimeOffset from, DateTimeOffset to,
        int intervalMinutes, CancellationToken ct) =>
        database.RunAsync<IReadOnlyList<IntervalVolume>>(async (c, _) => (await c.QueryAsync<LegVolume>("""
            SELECT CAST(a.queued_at / @Width * @Width AS BIGINT) AS IntervalStart,
                   CAST(count(*) AS BIGINT) AS Calls,
                   CAST(COALESCE(sum(l.talk), 0) AS DOUBLE PRECISION) AS TalkSeconds,
                   CAST(COALESCE(sum(l.hold), 0) AS DOUBLE PRECISION) AS HoldSeconds,
                   CAST(COALESCE(sum(l.wrap_up), 0) AS DOUBLE PRECISION) AS WrapUpSeconds,
                   CAST(count(l.call_id) AS BIGINT) AS Handled
              FROM call_arrival a
              LEFT JOIN (SELECT call_id, sum(talk_seconds) AS talk, sum(hold_seconds) AS hold, sum(wrap_up_seconds) AS wrap_up
                           FROM call_leg
                          WHERE tenant_id = @TenantId AND queued_at >= @From AND queued_at < @To
                          GROUP BY call_id
                         HAVING max(CASE WHEN ended_by = 'Completed' THEN 1 ELSE 0 END) = 1) l ON l.call_id = a.call_id
             WHERE a.tenant_id = @TenantId AND a.queue_id = @QueueId AND a.queued_at >= @From AND a.queued_at < @To
             GROUP BY a.queued_at / @Width
             ORDER BY 1
            """, new { TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
            Width = intervalMinutes * 60_000L })).Select(v => new IntervalVolume
        {
            IntervalStart = v.IntervalStart, Calls = v.Calls, Handled = v.Handled,
            HandleSeconds = HandleTime.Of(v.TalkSeconds, v.HoldSeconds, v.WrapUpSeconds),
        }).ToList(), ct).AsTask();

    private sealed class LegVolume
    {
        public long IntervalStart { get; init; }
        public long Calls { get; init; }
        public double TalkSeconds { get; init; }
        public double HoldSeconds { get; init; }
        public double WrapUpSeconds { get; init; }
        public long Handled { get; init; }
    }

    public Task<DateTimeOffset?> FirstArrivalAsync(string tenantId, string queueId, CancellationToken ct) =>
        database.RunAsync<DateTimeOffset?>(async (c, _) =>
            await c.ExecuteScalarAsync<long?>("SELECT min(queued_at) FROM call_arrival WHERE tenant_id = @TenantId AND queue_id = @QueueId",
                new { TenantId = tenantId, QueueId = queueId }) is { } first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null, ct).AsTask();
}
