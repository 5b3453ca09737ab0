using System.Data.Common;
using System.Runtime.CompilerServices;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>One row per call, built from its events in any order and any number of times: each event fills only its
/// own columns, and a column once set stays set. The tenant and queue are the arrival's (<see cref="CallFacts.IsArrival"/>:
/// CallQueued), whatever queue a later overflow or transfer event names. Every answer and every transfer is also kept in
/// its own table, keyed by call and instant, so that legs add up once. So is the after-call work an agent actually did
/// (<see cref="ActualWrapUp"/>, table <c>call_wrap_up</c>), keyed by call and the instant its leg ended: when read, it
/// replaces the configured wrap-up of that leg (the record's last leg, or a transfer's), whichever event came first.</summary>
public sealed class CallRecordStore(ModuleDatabase<SlaTrackingModule> database)
{
    public sealed record CallFacts(
        Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt = null, DateTimeOffset? AbandonedAt = null, DateTimeOffset? CompletedAt = null,
        string? AgentId = null, double? TalkSeconds = null, double? WrapUpSeconds = null, string? Disposition = null,
        double? HoldSeconds = null, bool IsArrival = false, DateTimeOffset? RejectedAt = null, string? RejectReason = null,
        Transfer? Transfer = null, ActualWrapUp? ActualWrapUp = null, CallLegEnded? Leg = null);

    /// <summary>An agent sent the call on to another queue; the leg that ended had <paramref name="HoldSeconds"/> on hold and
    /// is followed by <paramref name="WrapUpSeconds"/> of the agent's after-call work.</summary>
    public sealed record Transfer(DateTimeOffset At, string FromQueueId, string ToQueueId, string AgentId, double HoldSeconds = 0,
        double WrapUpSeconds = 0);

    /// <summary>An agent's after-call work for the leg that ended at <paramref name="StartedAt"/> (the call's completion, or a
    /// transfer) ended at <paramref name="EndedAt"/>: <paramref name="Seconds"/> actually done.</summary>
    public sealed record ActualWrapUp(DateTimeOffset StartedAt, string AgentId, DateTimeOffset EndedAt, double Seconds);

    /// <summary>Records the facts; returns the tenant and queue the call counts in (its arrival's, once known).</summary>
    public async Task<(string TenantId, string QueueId)> UpsertAsync(CallFacts f, CancellationToken ct) =>
        (await UpsertManyAsync([f], ct))[0];

    /// <summary>Records many facts (of any calls, in any order, duplicates included) in one transaction, with the same result
    /// as recording them one by one; returns, per fact, the tenant and queue its call counts in. The version of every
    /// 15-minute bucket whose records change is incremented in the same transaction (<see cref="CallBucketVersions"/>).
    /// Rows are locked in one order (records by call id, then answers, transfers, wrap-ups, buckets) so that concurrent batches
    /// cannot deadlock.</summary>
    public async Task<IReadOnlyList<(string TenantId, string QueueId)>> UpsertManyAsync(IReadOnlyList<CallFacts> facts, CancellationToken ct)
    {
        // Per call, the facts merged as the upsert merges them one after the other: one row per call, one multi-row statement.
        var records = MergeByCall(facts);
        var answers = facts.Where(f => f.AnsweredAt is not null)
            .Select(f => new AnswerRow(f.CallId.ToString(), f.AnsweredAt!.Value.ToUnixTimeMilliseconds(), f.QueueId, f.AgentId))
            .DistinctBy(a => (a.CallId, a.AnsweredAt)).OrderBy(a => a.CallId, StringComparer.Ordinal).ThenBy(a => a.AnsweredAt).ToList();
        var transfers = facts.Where(f => f.Transfer is not null)
            .Select(f => new TransferRow(f.CallId.ToString(), f.Transfer!.At.ToUnixTimeMilliseconds(), f.Transfer.FromQueueId,
                f.Transfer.ToQueueId, f.Transfer.AgentId, f.Transfer.HoldSeconds, f.Transfer.WrapUpSeconds))
            .DistinctBy(t => (t.CallId, t.At)).OrderBy(t => t.CallId, StringComparer.Ordinal).ThenBy(t => t.At).ToList();
        var wrapUps = facts.Where(f => f.ActualWrapUp is not null)
            .Select(f => new WrapUpRow(f.CallId.ToString(), f.ActualWrapUp!.StartedAt.ToUnixTimeMilliseconds(), f.ActualWrapUp.AgentId,
                f.ActualWrapUp.EndedAt.ToUnixTimeMilliseconds(), f.ActualWrapUp.Seconds))
            .DistinctBy(w => (w.CallId, w.StartedAt)).OrderBy(w => w.CallId, StringComparer.Ordinal).ThenBy(w => w.StartedAt).ToList();
        var legs = facts.Where(f => f.Leg is not null).Select(f => LegRow.Of(f.Leg!))
            .DistinctBy(l => (l.CallId, l.EndedAt)).OrderBy(l => l.CallId, StringComparer.Ordinal).ThenBy(l => l.EndedAt).ToList();
        var postgres = database.Provider == DatabaseProvider.Postgres;
        var countsIn = await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var stored = new Dictionary<string, (string TenantId, string QueueId, long QueuedAt)>(StringComparer.Ordinal);
            var rows = postgres ? await UpsertPostgresAsync(c, tx, records, token) : await UpsertSqliteAsync(c, tx, records, token);
            foreach (var row in rows)
                stored[row.CallId] = (row.TenantId, row.QueueId, row.QueuedAt);
            if (answers.Count > 0)
            {
                if (postgres)
                    await c.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO call_answer (call_id, answered_at, queue_id, agent_id)
                        SELECT * FROM unnest(@CallIds::text[], @Ats::bigint[], @QueueIds::text[], @AgentIds::text[])
                        ON CONFLICT (call_id, answered_at) DO NOTHING
                        """, new
                    {
                        CallIds = answers.Select(a => a.CallId).ToArray(), Ats = answers.Select(a => a.AnsweredAt).ToArray(),
                        QueueIds = answers.Select(a => a.QueueId).ToArray(), AgentIds = answers.Select(a => a.AgentId).ToArray(),
                    }, tx, cancellationToken: token));
                else
                    foreach (var a in answers)
                        await c.ExecuteAsync(new CommandDefinition("""
                            INSERT INTO call_answer (call_id, answered_at, queue_id, agent_id)
                                 VALUES (@CallId, @AnsweredAt, @QueueId, @AgentId)
                            ON CONFLICT (call_id, answered_at) DO NOTHING
                            """, a, tx, cancellationToken: token));
            }
            if (transfers.Count > 0)
            {
                if (postgres)
                    await c.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO call_transfer (call_id, transferred_at, from_queue_id, to_queue_id, agent_id, hold_seconds, wrap_up_seconds)
                        SELECT * FROM unnest(@CallIds::text[], @Ats::bigint[], @Froms::text[], @Tos::text[], @AgentIds::text[],
                                             @Holds::float8[], @WrapUps::float8[])
                        ON CONFLICT (call_id, transferred_at) DO NOTHING
                        """, new
                    {
                        CallIds = transfers.Select(t => t.CallId).ToArray(), Ats = transfers.Select(t => t.At).ToArray(),
                        Froms = transfers.Select(t => t.FromQueueId).ToArray(), Tos = transfers.Select(t => t.ToQueueId).ToArray(),
                        AgentIds = transfers.Select(t => t.AgentId).ToArray(), Holds = transfers.Select(t => t.HoldSeconds).ToArray(),
                        WrapUps = transfers.Select(t => t.WrapUpSeconds).ToArray(),
                    }, tx, cancellationToken: token));
                else
                    foreach (var t in transfers)
                        await c.ExecuteAsync(new CommandDefinition("""
                            INSERT INTO call_transfer (call_id, transferred_at, from_queue_id, to_queue_id, agent_id, hold_seconds, wrap_up_seconds)
                                 VALUES (@CallId, @At, @FromQueueId, @ToQueueId, @AgentId, @HoldSeconds, @WrapUpSeconds)
                            ON CONFLICT (call_id, transferred_at) DO NOTHING
                            """, t, tx, cancellationToken: token));
            }
            if (wrapUps.Count > 0)
            {
                // The first report of a leg's wrap-up stays (a duplicate is the same).
                if (postgres)
                    await c.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO call_wrap_up (call_id, started_at, agent_id, ended_at, wrap_up_seconds)
                        SELECT * FROM unnest(@CallIds::text[], @StartedAts::bigint[], @AgentIds::text[], @EndedAts::bigint[], @Seconds::float8[])
                        ON CONFLICT (call_id, started_at) DO NOTHING
                        """, new
                    {
                        CallIds = wrapUps.Select(w => w.CallId).ToArray(), StartedAts = wrapUps.Select(w => w.StartedAt).ToArray(),
                        AgentIds = wrapUps.Select(w => w.AgentId).ToArray(), EndedAts = wrapUps.Select(w => w.EndedAt).ToArray(),
                        Seconds = wrapUps.Select(w => w.Seconds).ToArray(),
                    }, tx, cancellationToken: token));
                else
                    foreach (var w in wrapUps)
                        await c.ExecuteAsync(new CommandDefinition("""
                            INSERT INTO call_wrap_up (call_id, started_at, agent_id, ended_at, wrap_up_seconds)
                                 VALUES (@CallId, @StartedAt, @AgentId, @EndedAt, @Seconds)
                            ON CONFLICT (call_id, started_at) DO NOTHING
                            """, w, tx, cancellationToken: token));
            }
            if (legs.Count > 0)
            {
                if (postgres)
                    await c.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                                              talk_seconds, hold_seconds, wrap_up_seconds, disposition)
                        SELECT * FROM unnest(@CallIds::text[], @EndedAts::bigint[], @TenantIds::text[], @QueueIds::text[], @AgentIds::text[],
                                             @QueuedAts::bigint[], @AnsweredAts::bigint[], @EndedBys::text[], @Talks::float8[],
                                             @Holds::float8[], @WrapUps::float8[], @Dispositions::text[])
                        ON CONFLICT (call_id, ended_at) DO NOTHING
                        """, new
                    {
                        CallIds = legs.Select(l => l.CallId).ToArray(), EndedAts = legs.Select(l => l.EndedAt).ToArray(),
                        TenantIds = legs.Select(l => l.TenantId).ToArray(), QueueIds = legs.Select(l => l.QueueId).ToArray(),
                        AgentIds = legs.Select(l => l.AgentId).ToArray(), QueuedAts = legs.Select(l => l.QueuedAt).ToArray(),
                        AnsweredAts = legs.Select(l => l.AnsweredAt).ToArray(), EndedBys = legs.Select(l => l.EndedBy).ToArray(),
                        Talks = legs.Select(l => l.TalkSeconds).ToArray(), Holds = legs.Select(l => l.HoldSeconds).ToArray(),
                        WrapUps = legs.Select(l => l.WrapUpSeconds).ToArray(), Dispositions = legs.Select(l => l.Disposition).ToArray(),
                    }, tx, cancellationToken: token));
                else
                    foreach (var l in legs)
                        await c.ExecuteAsync(new CommandDefinition("""
                            INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                                                  talk_seconds, hold_seconds, wrap_up_seconds, disposition)
                                 VALUES (@CallId, @EndedAt, @TenantId, @QueueId, @AgentId, @QueuedAt, @AnsweredAt, @EndedBy,
                                         @TalkSeconds, @HoldSeconds, @WrapUpSeconds, @Disposition)
                            ON CONFLICT (call_id, ended_at) DO NOTHING
                            """, l, tx, cancellationToken: token));
            }
            // Every fact touches its call's record (at least the upsert), so every bucket of these calls changed.
            await CallBucketVersions.IncrementAsync(c, tx, postgres,
                stored.Values.Select(s => CallBucketVersions.BucketOf(s.QueuedAt)).Distinct().Order().ToArray(), token);
            await tx.CommitAsync(token);
            return stored;
        }, ct);
        return facts.Select(f => { var s = countsIn[f.CallId.ToString()]; return (s.TenantId, s.QueueId); }).ToList();
    }

    private static List<RecordRow> MergeByCall(IEnumerable<CallFacts> facts)
    {
        var merged = new Dictionary<Guid, CallFacts>();
        foreach (var f in facts)
            merged[f.CallId] = merged.TryGetValue(f.CallId, out var before) ? Merge(before, f) : f;
        return merged.Values.Select(f => new RecordRow(
                f.CallId.ToString(), f.TenantId, f.QueueId, f.QueuedAt.ToUnixTimeMilliseconds(), f.AnsweredAt?.ToUnixTimeMilliseconds(),
                f.AbandonedAt?.ToUnixTimeMilliseconds(), f.CompletedAt?.ToUnixTimeMilliseconds(), f.AgentId, f.TalkSeconds, f.WrapUpSeconds,
                f.Disposition, f.HoldSeconds, f.RejectedAt?.ToUnixTimeMilliseconds(), f.RejectReason, f.IsArrival ? 1 : 0))
            .OrderBy(r => r.CallId, StringComparer.Ordinal).ToList();
    }

    /// <summary><paramref name="later"/> applied after <paramref name="earlier"/>, as the upsert does: a column once set stays
    /// set, the earliest answer wins, an arrival decides the tenant and queue.</summary>
    private static CallFacts Merge(CallFacts earlier, CallFacts later) => earlier with
    {
        TenantId = later.IsArrival ? later.TenantId : earlier.TenantId,
        QueueId = later.IsArrival ? later.QueueId : earlier.QueueId,
        AnsweredAt = earlier.AnsweredAt is { } a && (later.AnsweredAt is not { } b || a <= b) ? a : later.AnsweredAt,
        AbandonedAt = earlier.AbandonedAt ?? later.AbandonedAt,
        CompletedAt = earlier.CompletedAt ?? later.CompletedAt,
        AgentId = earlier.AgentId ?? later.AgentId,
        TalkSeconds = earlier.TalkSeconds ?? later.TalkSeconds,
        WrapUpSeconds = earlier.WrapUpSeconds ?? later.WrapUpSeconds,
        Disposition = earlier.Disposition ?? later.Disposition,
        HoldSeconds = earlier.HoldSeconds ?? later.HoldSeconds,
        RejectedAt = earlier.RejectedAt ?? later.RejectedAt,
        RejectReason = earlier.RejectReason ?? later.RejectReason,
        IsArrival = earlier.IsArrival || later.IsArrival,
        Transfer = null,
        ActualWrapUp = null,
    };

    private const string UpdateSet = """
        ON CONFLICT (call_id) DO UPDATE
                SET tenant_id       = CASE WHEN {0} THEN excluded.tenant_id ELSE call_record.tenant_id END,
                    queue_id        = CASE WHEN {0} THEN excluded.queue_id ELSE call_record.queue_id END,
                    arrival_seen    = call_record.arrival_seen OR excluded.arrival_seen,
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
        RETURNING call_id AS CallId, tenant_id AS TenantId, queue_id AS QueueId, queued_at AS QueuedAt
        """;

    private static readonly string SqliteUpsert = """
        INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, completed_at,
                                 agent_id, talk_seconds, wrap_up_seconds, disposition, hold_seconds, rejected_at, reject_reason, arrival_seen)
             VALUES (@CallId, @TenantId, @QueueId, @QueuedAt, @AnsweredAt, @AbandonedAt, @CompletedAt,
                     @AgentId, @TalkSeconds, @WrapUpSeconds, @Disposition, @HoldSeconds, @RejectedAt, @RejectReason, @IsArrival)
        """ + "\n" + string.Format(UpdateSet, "excluded.arrival_seen = 1");

    // Rows in call id order: concurrent batches lock the records they share in the same order.
    private static readonly string PostgresUpsert = """
        INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, completed_at,
                                 agent_id, talk_seconds, wrap_up_seconds, disposition, hold_seconds, rejected_at, reject_reason, arrival_seen)
        SELECT * FROM unnest(@CallIds::text[], @TenantIds::text[], @QueueIds::text[], @QueuedAts::bigint[], @AnsweredAts::bigint[],
                             @AbandonedAts::bigint[], @CompletedAts::bigint[], @AgentIds::text[], @TalkSeconds::float8[],
                             @WrapUpSeconds::float8[], @Dispositions::text[], @HoldSeconds::float8[], @RejectedAts::bigint[],
                             @RejectReasons::text[], @Arrivals::boolean[])
        """ + "\n" + string.Format(UpdateSet, "excluded.arrival_seen");

    private static async Task<IEnumerable<StoredRow>> UpsertSqliteAsync(DbConnection c, DbTransaction tx, List<RecordRow> rows, CancellationToken ct)
    {
        var stored = new List<StoredRow>(rows.Count);
        foreach (var row in rows)
            stored.Add(await c.QuerySingleAsync<StoredRow>(new CommandDefinition(SqliteUpsert, row, tx, cancellationToken: ct)));
        return stored;
    }

    private static Task<IEnumerable<StoredRow>> UpsertPostgresAsync(DbConnection c, DbTransaction tx, List<RecordRow> rows, CancellationToken ct) =>
        c.QueryAsync<StoredRow>(new CommandDefinition(PostgresUpsert, new
        {
            CallIds = rows.Select(r => r.CallId).ToArray(), TenantIds = rows.Select(r => r.TenantId).ToArray(),
            QueueIds = rows.Select(r => r.QueueId).ToArray(), QueuedAts = rows.Select(r => r.QueuedAt).ToArray(),
            AnsweredAts = rows.Select(r => r.AnsweredAt).ToArray(), AbandonedAts = rows.Select(r => r.AbandonedAt).ToArray(),
            CompletedAts = rows.Select(r => r.CompletedAt).ToArray(), AgentIds = rows.Select(r => r.AgentId).ToArray(),
            TalkSeconds = rows.Select(r => r.TalkSeconds).ToArray(), WrapUpSeconds = rows.Select(r => r.WrapUpSeconds).ToArray(),
            Dispositions = rows.Select(r => r.Disposition).ToArray(), HoldSeconds = rows.Select(r => r.HoldSeconds).ToArray(),
            RejectedAts = rows.Select(r => r.RejectedAt).ToArray(), RejectReasons = rows.Select(r => r.RejectReason).ToArray(),
            Arrivals = rows.Select(r => r.IsArrival == 1).ToArray(),
        }, tx, cancellationToken: ct));

    private sealed record RecordRow(string CallId, string TenantId, string QueueId, long QueuedAt, long? AnsweredAt, long? AbandonedAt,
        long? CompletedAt, string? AgentId, double? TalkSeconds, double? WrapUpSeconds, string? Disposition, double? HoldSeconds,
        long? RejectedAt, string? RejectReason, int IsArrival);

    private sealed record AnswerRow(string CallId, long AnsweredAt, string QueueId, string? AgentId);

    private sealed record TransferRow(string CallId, long At, string FromQueueId, string ToQueueId, string AgentId, double HoldSeconds,
        double WrapUpSeconds);

    private sealed record LegRow(string CallId, long EndedAt, string TenantId, string QueueId, string AgentId, long QueuedAt,
        long AnsweredAt, string EndedBy, double TalkSeconds, double HoldSeconds, double WrapUpSeconds, string? Disposition)
    {
        public static LegRow Of(CallLegEnded m) => new(m.CallId.ToString(), m.EndedAt.ToUnixTimeMilliseconds(), m.TenantId, m.QueueId,
            m.AgentId, m.QueuedAt.ToUnixTimeMilliseconds(), m.AnsweredAt.ToUnixTimeMilliseconds(), m.EndedBy, m.TalkSeconds, m.HoldSeconds,
            m.WrapUpSeconds, m.Disposition);
    }

    private sealed record WrapUpRow(string CallId, long StartedAt, string AgentId, long EndedAt, double Seconds);

    private sealed class StoredRow
    {
        public string CallId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public long QueuedAt { get; init; }
    }

    /// <summary>The calls of one tenant (and one queue, if given) queued in [from, to), streamed in queued order.</summary>
    public IAsyncEnumerable<CallRecord> ListAsync(string tenantId, string? queueId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default) =>
        ListAsync(ListSql, tenantId, queueId, from, to, ct);

    /// <summary>The calls of every tenant queued in [from, to), streamed in queued order.</summary>
    public IAsyncEnumerable<CallRecord> ListAllTenantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        ListAsync(ListSql.Replace("c.tenant_id = @TenantId AND ", "").Replace("r.tenant_id = @TenantId AND ", ""), null, null, from, to, ct);

    private async IAsyncEnumerable<CallRecord> ListAsync(string sql, string? tenantId, string? queueId, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<CallRow>(sql, new
        {
            TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
        });
        await foreach (var row in rows.WithCancellation(ct))
            yield return row.ToRecord();
    }

    /// <summary>The calls of one tenant queued in [from, to) with completion, transfers and handle time read from their legs.</summary>
    public async IAsyncEnumerable<CallRecord> ListFromLegsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<LegCallRow>(ListFromLegsSql, new
        {
            TenantId = tenantId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
        });
        await foreach (var row in rows.WithCancellation(ct))
            yield return row.ToRecord();
    }

    private const string ListFromLegsSql = """
            SELECT r.call_id AS CallId, r.tenant_id AS TenantId, r.queue_id AS QueueId, r.queued_at AS QueuedAt,
                   r.answered_at AS AnsweredAt, r.abandoned_at AS AbandonedAt, r.rejected_at AS RejectedAt, r.reject_reason AS RejectReason,
                   l.completed_at AS CompletedAt, CAST(COALESCE(l.transfers, 0) AS BIGINT) AS Transfers,
                   CAST(l.talk AS DOUBLE PRECISION) AS TalkSeconds, CAST(l.hold AS DOUBLE PRECISION) AS HoldSeconds,
                   CAST(l.wrap_up AS DOUBLE PRECISION) AS WrapUpSeconds
              FROM call_record r
              LEFT JOIN (SELECT call_id,
                                max(CASE WHEN ended_by = 'Completed' THEN ended_at END) AS completed_at,
                                sum(CASE WHEN ended_by = 'Transferred' THEN 1 ELSE 0 END) AS transfers,
                                sum(talk_seconds) AS talk, sum(hold_seconds) AS hold, sum(wrap_up_seconds) AS wrap_up
                           FROM call_leg
                          WHERE tenant_id = @TenantId AND queued_at >= @From AND queued_at < @To
                          GROUP BY call_id) l ON l.call_id = r.call_id
             WHERE r.tenant_id = @TenantId AND r.queued_at >= @From AND r.queued_at < @To
             ORDER BY r.queued_at, r.call_id
        """;

    private sealed class LegCallRow
    {
        public string CallId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public long QueuedAt { get; init; }
        public long? AnsweredAt { get; init; }
        public long? AbandonedAt { get; init; }
        public long? RejectedAt { get; init; }
        public string? RejectReason { get; init; }
        public long? CompletedAt { get; init; }
        public long Transfers { get; init; }
        public double? TalkSeconds { get; init; }
        public double? HoldSeconds { get; init; }
        public double? WrapUpSeconds { get; init; }

        public CallRecord ToRecord() => new(Guid.Parse(CallId), TenantId, QueueId, DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt),
            At(AnsweredAt), At(AbandonedAt), At(CompletedAt), CompletedAt is null ? null : TalkSeconds, HoldSeconds, WrapUpSeconds,
            (int)Transfers, At(RejectedAt), RejectReason);

        private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    private const string ListSql = """
            SELECT r.call_id AS CallId, r.tenant_id AS TenantId, r.queue_id AS QueueId, r.queued_at AS QueuedAt,
                   r.answered_at AS AnsweredAt, r.abandoned_at AS AbandonedAt, r.completed_at AS CompletedAt,
                   r.talk_seconds AS TalkSeconds, r.hold_seconds AS HoldSeconds,
                   -- the last leg's wrap-up: what its agent actually did once known, else the queue's configured time
                   COALESCE(w.wrap_up_seconds, r.wrap_up_seconds) AS WrapUpSeconds,
                   r.rejected_at AS RejectedAt, r.reject_reason AS RejectReason,
                   CAST(COALESCE(x.transfers, 0) AS BIGINT) AS Transfers, CAST(x.transferred_talk_ms AS BIGINT) AS TransferredTalkMs,
                   CAST(x.transferred_hold AS DOUBLE PRECISION) AS TransferredHoldSeconds,
                   CAST(x.transferred_wrap_up AS DOUBLE PRECISION) AS TransferredWrapUpSeconds
              FROM call_record r
              LEFT JOIN (SELECT t.call_id, count(*) AS transfers,
                                -- each transferred leg: from its answer (the latest before the transfer) to the transfer
                                sum(t.transferred_at - (SELECT max(a.answered_at)
                                                          FROM call_answer a
                                                         WHERE a.call_id = t.call_id AND a.answered_at <= t.transferred_at))
                                    AS transferred_talk_ms,
                                -- and its hold (within that span) and the transferring agent's after-call work
                                sum(t.hold_seconds) AS transferred_hold,
                                sum(COALESCE(tw.wrap_up_seconds, t.wrap_up_seconds)) AS transferred_wrap_up
                           FROM call_transfer t
                           JOIN call_record c ON c.call_id = t.call_id
                           LEFT JOIN call_wrap_up tw ON tw.call_id = t.call_id AND tw.started_at = t.transferred_at
                          WHERE c.tenant_id = @TenantId AND c.queued_at >= @From AND c.queued_at < @To
                          GROUP BY t.call_id) x ON x.call_id = r.call_id
              LEFT JOIN call_wrap_up w ON w.call_id = r.call_id AND w.started_at = r.completed_at
             WHERE r.tenant_id = @TenantId AND r.queued_at >= @From AND r.queued_at < @To
                   AND (@QueueId IS NULL OR r.queue_id = @QueueId)
             ORDER BY r.queued_at, r.call_id
        """;

    /// <summary>Deletes the calls queued before <paramref name="before"/>; returns how many. The buckets that lose records get
    /// a new version (their versions are never deleted, so a version number is never reused), and the summaries of the
    /// buckets wholly before <paramref name="before"/> are deleted.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        const string sql = """
            UPDATE call_bucket_version
               SET version = version + 1
             WHERE bucket IN (SELECT CASE WHEN queued_at >= 0 THEN queued_at / 900000 ELSE (queued_at + 1) / 900000 - 1 END
                                FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_bucket_summary
             WHERE bucket < @FirstKept;
            DELETE FROM call_answer
             WHERE call_id IN (SELECT call_id FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_transfer
             WHERE call_id IN (SELECT call_id FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_wrap_up
             WHERE call_id IN (SELECT call_id FROM call_record WHERE queued_at < @Before);
            DELETE FROM call_record
             WHERE queued_at < @Before;
            """;
        return database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var ms = before.ToUnixTimeMilliseconds();
            var parameters = new { Before = ms, FirstKept = CallBucketVersions.BucketOf(ms) };
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
        public double? TransferredHoldSeconds { get; init; }
        public double? TransferredWrapUpSeconds { get; init; }

        /// <summary>A transferred leg's span (answer to transfer) is its talk and its hold: the hold moves to the call's hold,
        /// and the transferring agent's after-call work adds to the call's wrap-up, so that handle time counts each once.</summary>
        public CallRecord ToRecord()
        {
            var legHold = TransferredHoldSeconds ?? 0;
            var legWrapUp = TransferredWrapUpSeconds ?? 0;
            return new(Guid.Parse(CallId), TenantId, QueueId, DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt),
                At(AnsweredAt), At(AbandonedAt), At(CompletedAt), TalkSeconds,
                legHold > 0 ? (HoldSeconds ?? 0) + legHold : HoldSeconds,
                legWrapUp > 0 ? (WrapUpSeconds ?? 0) + legWrapUp : WrapUpSeconds,
                (int)Transfers, At(RejectedAt), RejectReason,
                TransferredTalkMs is { } ms ? Math.Max(0, ms / 1000.0 - legHold) : null);
        }

        private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
