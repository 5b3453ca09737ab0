using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>One row per call, built from its events in any order and any number of times: each event fills only its
/// own columns, and a column once set stays set.</summary>
public sealed class CallRecordStore(ModuleDatabase<SlaTrackingModule> database)
{
    public sealed record CallFacts(
        Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt = null, DateTimeOffset? AbandonedAt = null, DateTimeOffset? CompletedAt = null,
        string? AgentId = null, double? TalkSeconds = null, double? WrapUpSeconds = null, string? Disposition = null);

    public async Task UpsertAsync(CallFacts f, CancellationToken ct) => await database.RunAsync((c, _) => c.ExecuteAsync("""
        INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, completed_at,
                                 agent_id, talk_seconds, wrap_up_seconds, disposition)
             VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @AnsweredAt, @AbandonedAt, @CompletedAt,
                     @AgentId, @TalkSeconds, @WrapUpSeconds, @Disposition)
        ON CONFLICT (call_id) DO UPDATE
                SET answered_at     = COALESCE(call_record.answered_at, excluded.answered_at),
                    abandoned_at    = COALESCE(call_record.abandoned_at, excluded.abandoned_at),
                    completed_at    = COALESCE(call_record.completed_at, excluded.completed_at),
                    agent_id        = COALESCE(call_record.agent_id, excluded.agent_id),
                    talk_seconds    = COALESCE(call_record.talk_seconds, excluded.talk_seconds),
                    wrap_up_seconds = COALESCE(call_record.wrap_up_seconds, excluded.wrap_up_seconds),
                    disposition     = COALESCE(call_record.disposition, excluded.disposition)
        """, new
    {
        CallId = f.CallId.ToString(), f.TenantId, f.QueueId, QueuedAt = f.QueuedAt.ToUnixTimeMilliseconds(),
        AnsweredAt = f.AnsweredAt?.ToUnixTimeMilliseconds(), AbandonedAt = f.AbandonedAt?.ToUnixTimeMilliseconds(),
        CompletedAt = f.CompletedAt?.ToUnixTimeMilliseconds(), f.AgentId, f.TalkSeconds, f.WrapUpSeconds, f.Disposition,
    }), ct);

    public sealed class QueueTotals
    {
        public long Offered { get; init; }
        public long Answered { get; init; }
        public long Abandoned { get; init; }
        public long AnsweredWithinThreshold { get; init; }
        public double WaitAnsweredSeconds { get; init; }
        public long Completed { get; init; }
        public double HandleSeconds { get; init; }
    }

    /// <summary>The figures of the calls that arrived in [from, to) in one queue.</summary>
    public Task<QueueTotals> TotalsAsync(string tenantId, string queueId, DateTimeOffset from, DateTimeOffset to, int thresholdSeconds,
        CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.QuerySingleAsync<QueueTotals>("""
            SELECT CAST(count(*) AS BIGINT) AS Offered,
                   CAST(COALESCE(sum(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS Answered,
                   CAST(COALESCE(sum(CASE WHEN answered_at IS NULL AND abandoned_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS Abandoned,
                   CAST(COALESCE(sum(CASE WHEN answered_at - queued_at <= @ThresholdMs THEN 1 ELSE 0 END), 0) AS BIGINT) AS AnsweredWithinThreshold,
                   CAST(COALESCE(sum(answered_at - queued_at), 0) AS DOUBLE PRECISION) / 1000.0 AS WaitAnsweredSeconds,
                   CAST(COALESCE(sum(CASE WHEN completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS Completed,
                   CAST(COALESCE(sum(talk_seconds + COALESCE(wrap_up_seconds, 0)), 0) AS DOUBLE PRECISION) AS HandleSeconds
              FROM call_record
             WHERE tenant_id = @TenantId AND queue_id = @QueueId AND queued_at >= @From AND queued_at < @To
            """, new { TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
            ThresholdMs = thresholdSeconds * 1000L }), ct).AsTask();
}
