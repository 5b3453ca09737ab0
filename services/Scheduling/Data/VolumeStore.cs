using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <summary>The actual volumes and handle times that forecasting learns from: one row per call, keyed by call id so that a
/// redelivered event changes nothing. A call's handle time is its last leg's talk + hold + the after-call work its agent
/// actually did (<see cref="RecordWrapUpAsync"/>, table <c>call_wrap_up</c>, keyed by call and the instant the leg ended),
/// else the queue's configured wrap-up; it is put together when read, so the completion and the wrap-up may be recorded in
/// either order, twice, or at the same time.</summary>
public sealed class VolumeStore(ModuleDatabase<SchedulingModule> database)
{
    public async Task RecordArrivalAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, NULL)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds() }), ct);

    /// <summary>The call ended at <paramref name="completedAt"/> after <paramref name="talkPlusHoldSeconds"/> of talk and hold
    /// on its last leg, with <paramref name="configuredWrapUpSeconds"/> of after-call work expected (the handle time until the
    /// work actually done is reported, or for good when it never is). The row keeps the arrival's tenant and queue when the
    /// arrival was recorded first.</summary>
    public async Task RecordCompletionAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset completedAt,
        double talkPlusHoldSeconds, double configuredWrapUpSeconds, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds, completed_at, talk_plus_hold, wrap_up_seconds)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @TalkPlusHold + @WrapUp, @CompletedAt, @TalkPlusHold, @WrapUp)
            ON CONFLICT (call_id) DO UPDATE SET handle_seconds  = excluded.handle_seconds,
                                                completed_at    = excluded.completed_at,
                                                talk_plus_hold  = excluded.talk_plus_hold,
                                                wrap_up_seconds = excluded.wrap_up_seconds
            """, new
        {
            CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds(),
            CompletedAt = completedAt.ToUnixTimeMilliseconds(), TalkPlusHold = talkPlusHoldSeconds, WrapUp = configuredWrapUpSeconds,
        }), ct);

    /// <summary>A handle time known only as a whole (no parts, so no reported wrap-up replaces any of it), as the rows recorded
    /// before hold and actual wrap-up were kept.</summary>
    public async Task RecordHandleTimeAsync(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, double handleSeconds,
        CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at, handle_seconds)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @HandleSeconds)
            ON CONFLICT (call_id) DO UPDATE SET handle_seconds = excluded.handle_seconds, completed_at = NULL, talk_plus_hold = NULL,
                                                wrap_up_seconds = NULL
            """, new { CallId = callId.ToString(), TenantId = tenantId, QueueId = queueId, QueuedAt = queuedAt.ToUnixTimeMilliseconds(),
            HandleSeconds = handleSeconds }), ct);

    /// <summary>The after-call work actually done on the leg of the call that ended at <paramref name="legEndedAt"/>. It counts
    /// when that leg is the call's last (the completion's instant); a transferred leg's is kept but never counted. The first
    /// report of a leg stays (a redelivery is the same). It adds no call to the volumes.</summary>
    public async Task RecordWrapUpAsync(Guid callId, DateTimeOffset legEndedAt, double wrapUpSeconds, CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO call_wrap_up (call_id, started_at, wrap_up_seconds)
                 VALUES (@CallId, @StartedAt, @WrapUpSeconds)
            ON CONFLICT (call_id, started_at) DO NOTHING
            """, new { CallId = callId.ToString(), StartedAt = legEndedAt.ToUnixTimeMilliseconds(), WrapUpSeconds = wrapUpSeconds }), ct);

    /// <summary>One leg of a call; the same leg again changes nothing. It adds no call to the volumes.</summary>
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

    /// <summary>Calls and handle time per interval of <paramref name="intervalMinutes"/> in [from, to). A completed call's
    /// handle time is talk + hold + its last leg's reported wrap-up when there is one (at most one row: the key is the call
    /// and the instant it completed), else its recorded handle time.</summary>
    public Task<IReadOnlyList<IntervalVolume>> VolumesAsync(string tenantId, string queueId, DateTimeOffset from, DateTimeOffset to,
        int intervalMinutes, CancellationToken ct) =>
        database.RunAsync<IReadOnlyList<IntervalVolume>>(async (c, _) => (await c.QueryAsync<IntervalVolume>("""
            SELECT CAST(a.queued_at / @Width * @Width AS BIGINT) AS IntervalStart,
                   CAST(count(*) AS BIGINT) AS Calls,
                   CAST(COALESCE(sum(COALESCE(a.talk_plus_hold + w.wrap_up_seconds, a.handle_seconds)), 0) AS DOUBLE PRECISION) AS HandleSeconds,
                   CAST(count(a.handle_seconds) AS BIGINT) AS Handled
              FROM call_arrival a
              LEFT JOIN call_wrap_up w ON w.call_id = a.call_id AND w.started_at = a.completed_at
             WHERE a.tenant_id = @TenantId AND a.queue_id = @QueueId AND a.queued_at >= @From AND a.queued_at < @To
             GROUP BY a.queued_at / @Width
             ORDER BY 1
            """, new { TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
            Width = intervalMinutes * 60_000L })).ToList(), ct).AsTask();

    /// <summary>Calls per interval of <paramref name="intervalMinutes"/> in [from, to) with the handle time of the completed ones:
    /// every leg of a call counts in the queue and interval it arrived in, once a leg completed it.</summary>
    public Task<IReadOnlyList<IntervalVolume>> VolumesFromLegsAsync(string tenantId, string queueId, DateTimeOffset from, DateTimeOffset to,
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

    private sealed record LegVolume(long IntervalStart, long Calls, double TalkSeconds, double HoldSeconds, double WrapUpSeconds, long Handled);

    /// <summary>When the first call the module recorded for the queue came, or null when none did.</summary>
    public Task<DateTimeOffset?> FirstArrivalAsync(string tenantId, string queueId, CancellationToken ct) =>
        database.RunAsync<DateTimeOffset?>(async (c, _) =>
            await c.ExecuteScalarAsync<long?>("SELECT min(queued_at) FROM call_arrival WHERE tenant_id = @TenantId AND queue_id = @QueueId",
                new { TenantId = tenantId, QueueId = queueId }) is { } first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null, ct).AsTask();
}
