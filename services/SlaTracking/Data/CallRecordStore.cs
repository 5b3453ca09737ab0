using System.Runtime.CompilerServices;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>One row per call, built from its events in any order and any number of times: each event fills only its
/// own columns, and a column once set stays set. The tenant and queue are the arrival's (<see cref="CallFacts.IsArrival"/>:
/// CallQueued), whatever queue a later overflow or transfer event names. Every answer and every transfer is also kept in
/// its own table, keyed by call and instant, so that legs add up once.</summary>
public sealed class CallRecordStore(ModuleDatabase<SlaTrackingModule> database)
{
    public sealed record CallFacts(
        Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt = null, DateTimeOffset? AbandonedAt = null, DateTimeOffset? CompletedAt = null,
        string? AgentId = null, double? TalkSeconds = null, double? WrapUpSeconds = null, string? Disposition = null,
        double? HoldSeconds = null, bool IsArrival = false, DateTimeOffset? RejectedAt = null, string? RejectReason = null,
        Transfer? Transfer = null);

    /// <summary>An agent sent the call on to another queue.</summary>
    public sealed record Transfer(DateTimeOffset At, string FromQueueId, string ToQueueId, string AgentId);

    /// <summary>Records the facts; returns the tenant and queue the call counts in (its arrival's, once known).</summary>
    public async Task<(string TenantId, string QueueId)> UpsertAsync(CallFacts f, CancellationToken ct)
    {
        const string upsert = """
            INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, completed_at,
                                     agent_id, talk_seconds, wrap_up_seconds, disposition, hold_seconds, rejected_at, reject_reason)
                 VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @AnsweredAt, @AbandonedAt, @CompletedAt,
                         @AgentId, @TalkSeconds, @WrapUpSeconds, @Disposition, @HoldSeconds, @RejectedAt, @RejectReason)
            ON CONFLICT (call_id) DO UPDATE
                    SET tenant_id       = CASE WHEN @IsArrival = 1 THEN excluded.tenant_id ELSE call_record.tenant_id END,
                        queue_id        = CASE WHEN @IsArrival = 1 THEN excluded.queue_id ELSE call_record.queue_id END,
                        answered_at     = CASE WHEN call_record.answered_at IS NULL OR excluded.answered_at < call_record.answered_at
                                               THEN COALESCE(excluded.answered_at, call_record.answered_at) ELSE call_record.answered_at END,
                        abandoned_at    = COALESCE(call_record.abandoned_at, excluded.abandoned_at),
                        completed_at    = COALESCE(call_record.completed_at, excluded.completed_at),
                        agent_id        = COALESCE(call_record.agent_id, excluded.agent_id),
                        talk_seconds    = COALESCE(call_record.talk_seconds, excluded.talk_seconds),
                        wrap_up_seconds = COALESCE(call_record.wrap_up_seconds, excluded.wrap_up_seconds),
                        disposition     = COALESCE(call_record.disposition, excluded.disposition),
                        hold_seconds    = COALESCE(call_record.hold_seconds, excluded.hold_seconds),
                        rejected_at     = COALESCE(call_record.rejected_at, excluded.rejected_at),
                        reject_reason   = COALESCE(call_record.reject_reason, excluded.reject_reason)
            RETURNING tenant_id, queue_id
            """;
        const string answer = """
            INSERT INTO call_answer (call_id, answered_at, queue_id, agent_id)
                 VALUES (@CallId, @AnsweredAt, @QueueId, @AgentId)
            ON CONFLICT (call_id, answered_at) DO NOTHING
            """;
        const string transfer = """
            INSERT INTO call_transfer (call_id, transferred_at, from_queue_id, to_queue_id, agent_id)
                 VALUES (@CallId, @At, @FromQueueId, @ToQueueId, @AgentId)
            ON CONFLICT (call_id, transferred_at) DO NOTHING
            """;
        var callId = f.CallId.ToString();
        return await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var countsIn = await c.QuerySingleAsync<(string TenantId, string QueueId)>(upsert, new
            {
                CallId = callId, f.TenantId, f.QueueId, QueuedAt = f.QueuedAt.ToUnixTimeMilliseconds(),
                AnsweredAt = f.AnsweredAt?.ToUnixTimeMilliseconds(), AbandonedAt = f.AbandonedAt?.ToUnixTimeMilliseconds(),
                CompletedAt = f.CompletedAt?.ToUnixTimeMilliseconds(), f.AgentId, f.TalkSeconds, f.WrapUpSeconds, f.Disposition,
                f.HoldSeconds, RejectedAt = f.RejectedAt?.ToUnixTimeMilliseconds(), f.RejectReason, IsArrival = f.IsArrival ? 1 : 0,
            }, tx);
            if (f.AnsweredAt is { } answeredAt)
                await c.ExecuteAsync(answer, new { CallId = callId, AnsweredAt = answeredAt.ToUnixTimeMilliseconds(), f.QueueId, f.AgentId }, tx);
            if (f.Transfer is { } t)
                await c.ExecuteAsync(transfer, new { CallId = callId, At = t.At.ToUnixTimeMilliseconds(), t.FromQueueId, t.ToQueueId, t.AgentId }, tx);
            await tx.CommitAsync(token);
            return countsIn;
        }, ct);
    }

    /// <summary>The calls of one tenant (and one queue, if given) queued in [from, to), streamed in queued order.</summary>
    public async IAsyncEnumerable<CallRecord> ListAsync(string tenantId, string? queueId, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        const string sql = """
            SELECT r.call_id AS CallId, r.tenant_id AS TenantId, r.queue_id AS QueueId, r.queued_at AS QueuedAt,
                   r.answered_at AS AnsweredAt, r.abandoned_at AS AbandonedAt, r.completed_at AS CompletedAt,
                   r.talk_seconds AS TalkSeconds, r.hold_seconds AS HoldSeconds, r.wrap_up_seconds AS WrapUpSeconds,
                   r.rejected_at AS RejectedAt, r.reject_reason AS RejectReason,
                   CAST(COALESCE(x.transfers, 0) AS BIGINT) AS Transfers, CAST(x.transferred_talk_ms AS BIGINT) AS TransferredTalkMs
              FROM call_record r
              LEFT JOIN (SELECT t.call_id, count(*) AS transfers,
                                -- each transferred leg: from its answer (the latest before the transfer) to the transfer
                                sum(t.transferred_at - (SELECT max(a.answered_at)
                                                          FROM call_answer a
                                                         WHERE a.call_id = t.call_id AND a.answered_at <= t.transferred_at))
                                    AS transferred_talk_ms
                           FROM call_transfer t
                           JOIN call_record c ON c.call_id = t.call_id
                          WHERE c.tenant_id = @TenantId AND c.queued_at >= @From AND c.queued_at < @To
                          GROUP BY t.call_id) x ON x.call_id = r.call_id
             WHERE r.tenant_id = @TenantId AND r.queued_at >= @From AND r.queued_at < @To
                   AND (@QueueId IS NULL OR r.queue_id = @QueueId)
             ORDER BY r.queued_at, r.call_id
            """;
        await using var connection = await database.OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<CallRow>(sql, new
        {
            TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
        });
        await foreach (var row in rows.WithCancellation(ct))
            yield return row.ToRecord();
    }

    /// <summary>Deletes the calls queued before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        const string sql = """
            DELETE FROM call_answer
             WHERE call_id IN (SELECT call_id FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_transfer
             WHERE call_id IN (SELECT call_id FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_record
             WHERE queued_at < @Before;
            """;
        return database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var parameters = new { Before = before.ToUnixTimeMilliseconds() };
            var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var deleted = 0;
            foreach (var statement in statements)
                deleted = await c.ExecuteAsync(statement, parameters, tx); // the last one counts the calls
            await tx.CommitAsync(token);
            return deleted;
        }, ct).AsTask();
    }

    public Task<long> CountAsync(string tenantId, CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.ExecuteScalarAsync<long>("""
            SELECT count(*)
              FROM call_record
             WHERE tenant_id = @TenantId
            """, new { TenantId = tenantId }), ct).AsTask();

    private sealed class CallRow
    {
        public string CallId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public long QueuedAt { get; init; }
        public long? AnsweredAt { get; init; }
        public long? AbandonedAt { get; init; }
        public long? CompletedAt { get; init; }
        public double? TalkSeconds { get; init; }
        public double? HoldSeconds { get; init; }
        public double? WrapUpSeconds { get; init; }
        public long? RejectedAt { get; init; }
        public string? RejectReason { get; init; }
        public long Transfers { get; init; }
        public long? TransferredTalkMs { get; init; }

        public CallRecord ToRecord() => new(Guid.Parse(CallId), TenantId, QueueId, DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt),
            At(AnsweredAt), At(AbandonedAt), At(CompletedAt), TalkSeconds, HoldSeconds, WrapUpSeconds, (int)Transfers, At(RejectedAt),
            RejectReason, TransferredTalkMs / 1000.0);

        private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
