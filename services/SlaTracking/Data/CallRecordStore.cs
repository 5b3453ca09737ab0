using System.Runtime.CompilerServices;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>One row per call from its events in any order and number, legs keyed by call and leg end (docs/sla.md, Call detail records).</summary>
public sealed class CallRecordStore(ModuleDatabase<SlaTrackingModule> database)
{
    private readonly CallRecordSql _sql = CallRecordSql.For(database.Provider);
    private readonly AgentBuckets _agents = new(database.Provider);

    public sealed record CallFacts(
        Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt = null, DateTimeOffset? AbandonedAt = null, DateTimeOffset? RejectedAt = null,
        string? RejectReason = null, bool IsArrival = false, CallLegEnded? Leg = null, string Kind = ContactKinds.Voice,
        DateTimeOffset? FirstDialAt = null, long? AnsweredBusinessMilliseconds = null, long? AbandonedBusinessMilliseconds = null);

    public async Task<(string TenantId, string QueueId)> UpsertAsync(CallFacts f, CancellationToken ct) =>
        (await UpsertManyAsync([f], ct))[0];

    /// <summary>The same result as recording the facts one by one; bucket versions are incremented in the same transaction.</summary>
    public async Task<IReadOnlyList<(string TenantId, string QueueId)>> UpsertManyAsync(IReadOnlyList<CallFacts> facts, CancellationToken ct)
    {
        var records = RecordRow.MergeByCall(facts);
        var legs = facts.Where(f => f.Leg is not null).Select(f => LegRow.Of(f.Leg!))
            .DistinctBy(l => (l.CallId, l.EndedAt)).OrderBy(l => l.CallId, StringComparer.Ordinal).ThenBy(l => l.EndedAt).ToList();
        var countsIn = await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var stored = (await _sql.UpsertRecordsAsync(c, tx, records, token)).ToDictionary(r => r.CallId, StringComparer.Ordinal);
            if (legs.Count > 0)
                await _agents.AddCallsAsync(c, tx, AgentSumsOf(legs, await _sql.InsertLegsAsync(c, tx, legs, token)), token);
            await _sql.IncrementBucketsAsync(c, tx,
                stored.Values.Select(s => CallBucketVersions.BucketOf(s.QueuedAt)).Distinct().Order().ToArray(), token);
            await tx.CommitAsync(token);
            return stored;
        }, ct);
        return facts.Select(f => { var s = countsIn[f.CallId.ToString()]; return (s.TenantId, s.QueueId); }).ToList();
    }

    public IAsyncEnumerable<CallRecord> ListAsync(string tenantId, string? queueId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default) =>
        ListAsync(ListSql, new { TenantId = tenantId, QueueId = queueId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, ct);

    public IAsyncEnumerable<CallRecord> ListAllTenantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        ListAsync(ListSql, new { TenantId = (string?)null, QueueId = (string?)null, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, ct);

    private async IAsyncEnumerable<CallRecord> ListAsync(string sql, object parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await foreach (var row in connection.QueryUnbufferedAsync<CallRow>(sql, parameters).WithCancellation(ct))
            yield return row.ToRecord();
    }

    private const string ListSql = """
            SELECT r.call_id AS CallId, r.tenant_id AS TenantId, r.queue_id AS QueueId, r.queued_at AS QueuedAt,
                   r.answered_at AS AnsweredAt, r.abandoned_at AS AbandonedAt, r.rejected_at AS RejectedAt, r.reject_reason AS RejectReason,
                   r.kind AS Kind, r.first_dial_at AS FirstDialAt, r.answered_business_ms AS AnsweredBusinessMs,
                   r.abandoned_business_ms AS AbandonedBusinessMs,
                   l.completed_at AS CompletedAt, CAST(COALESCE(l.transfers, 0) AS BIGINT) AS Transfers,
                   CAST(l.talk AS DOUBLE PRECISION) AS TalkSeconds, CAST(l.hold AS DOUBLE PRECISION) AS HoldSeconds,
                   CAST(l.wrap_up AS DOUBLE PRECISION) AS WrapUpSeconds
              FROM call_record r
              LEFT JOIN (SELECT call_id,
                                max(CASE WHEN ended_by = 'Completed' THEN ended_at END) AS completed_at,
                                sum(CASE WHEN ended_by = 'Transferred' THEN 1 ELSE 0 END) AS transfers,
                                sum(talk_seconds) AS talk, sum(hold_seconds) AS hold, sum(wrap_up_seconds) AS wrap_up
                           FROM call_leg
                          WHERE (@TenantId IS NULL OR tenant_id = @TenantId) AND queued_at >= @From AND queued_at < @To
                          GROUP BY call_id) l ON l.call_id = r.call_id
             WHERE (@TenantId IS NULL OR r.tenant_id = @TenantId) AND r.queued_at >= @From AND r.queued_at < @To
                   AND (@QueueId IS NULL OR r.queue_id = @QueueId)
             ORDER BY r.queued_at, r.call_id
        """;


    public async Task<IReadOnlyList<(string QueueId, string Kind)>> OtherKindsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default) =>
        (await database.RunAsync((c, token) => c.QueryAsync<(string, string)>(new CommandDefinition("""
            SELECT DISTINCT queue_id, kind
              FROM call_record
             WHERE tenant_id = @TenantId AND queued_at >= @From AND queued_at < @To AND kind <> 'voice'
            """, new { TenantId = tenantId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() }, cancellationToken: token)),
            ct)).ToList();

    /// <summary>Bucket versions are never deleted, so that a version number is never reused.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var ms = before.ToUnixTimeMilliseconds();
            var p = new { Before = ms, FirstKept = CallBucketVersions.BucketOf(ms) };
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE call_bucket_version
                   SET version = version + 1
                 WHERE bucket IN (SELECT CASE WHEN queued_at >= 0 THEN queued_at / 900000 ELSE (queued_at + 1) / 900000 - 1 END
                                    FROM call_record WHERE queued_at < @Before)
                """, p, tx, cancellationToken: token));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM call_bucket_summary WHERE bucket < @FirstKept", p, tx, cancellationToken: token));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM call_leg WHERE queued_at < @Before", p, tx, cancellationToken: token));
            var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM call_record WHERE queued_at < @Before", p, tx, cancellationToken: token));
            await tx.CommitAsync(token);
            return deleted;
        }, ct).AsTask();

    public Task<long> CountAsync(string tenantId, CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.ExecuteScalarAsync<long>("""
            SELECT count(*)
              FROM call_record
             WHERE tenant_id = @TenantId
            """, new { TenantId = tenantId }), ct).AsTask();

    internal sealed record RecordRow(string CallId, string TenantId, string QueueId, long QueuedAt, long? AnsweredAt, long? AbandonedAt,
        long? RejectedAt, string? RejectReason, bool IsArrival, string Kind, long? FirstDialAt, long? AnsweredBusinessMs,
        long? AbandonedBusinessMs)
    {
        public static RecordRow Of(CallFacts f) => new(f.CallId.ToString(), f.TenantId, f.QueueId, f.QueuedAt.ToUnixTimeMilliseconds(),
            f.AnsweredAt?.ToUnixTimeMilliseconds(), f.AbandonedAt?.ToUnixTimeMilliseconds(), f.RejectedAt?.ToUnixTimeMilliseconds(),
            f.RejectReason, f.IsArrival, f.Kind, f.FirstDialAt?.ToUnixTimeMilliseconds(),
            f.AnsweredAt is null ? null : f.AnsweredBusinessMilliseconds, f.AbandonedAt is null ? null : f.AbandonedBusinessMilliseconds);

        /// <summary>In call id order (the order every batch locks in), merged as <see cref="CallRecordSql.OnConflictMerge"/> would.</summary>
        public static List<RecordRow> MergeByCall(IEnumerable<CallFacts> facts)
        {
            var merged = new Dictionary<Guid, RecordRow>();
            foreach (var f in facts)
                merged[f.CallId] = merged.TryGetValue(f.CallId, out var earlier) ? earlier.Then(Of(f)) : Of(f);
            return merged.Values.OrderBy(r => r.CallId, StringComparer.Ordinal).ToList();
        }

        private RecordRow Then(RecordRow later)
        {
            var keepAnswer = AnsweredAt is { } a && (later.AnsweredAt is not { } b || a <= b);
            return this with
            {
                TenantId = later.IsArrival ? later.TenantId : TenantId,
                QueueId = later.IsArrival ? later.QueueId : QueueId,
                AnsweredAt = keepAnswer ? AnsweredAt : later.AnsweredAt,
                AnsweredBusinessMs = !keepAnswer ? later.AnsweredBusinessMs
                    : AnsweredBusinessMs ?? (later.AnsweredAt == AnsweredAt ? later.AnsweredBusinessMs : null),
                AbandonedAt = AbandonedAt ?? later.AbandonedAt,
                AbandonedBusinessMs = AbandonedAt is null ? later.AbandonedBusinessMs : AbandonedBusinessMs,
                FirstDialAt = FirstDialAt is { } d && (later.FirstDialAt is not { } e || d <= e) ? d : later.FirstDialAt,
                RejectedAt = RejectedAt ?? later.RejectedAt,
                RejectReason = RejectReason ?? later.RejectReason,
                IsArrival = IsArrival || later.IsArrival,
                Kind = later.Kind != ContactKinds.Voice ? later.Kind : Kind,
            };
        }
    }

    /// <summary>The agent report's sums of the legs just inserted, per agent, tenant and bucket of the answer.</summary>
    private static Dictionary<(string, string, long), AgentBuckets.CallSums> AgentSumsOf(List<LegRow> legs, IEnumerable<LegKey> inserted)
    {
        var byKey = legs.ToDictionary(l => new LegKey(l.CallId, l.EndedAt));
        var sums = new Dictionary<(string, string, long), AgentBuckets.CallSums>();
        foreach (var key in inserted)
        {
            var l = byKey[key];
            if (l.AgentId.Length == 0)
                continue;
            var k = (l.AgentId, l.TenantId, CallBucketVersions.BucketOf(l.AnsweredAt));
            var s = sums.TryGetValue(k, out var x) ? x : sums[k] = new AgentBuckets.CallSums();
            s.Answered++;
            if (l.EndedBy == CallLegEnd.Transferred)
                s.Transfers++;
            s.Talk += l.TalkSeconds; s.Hold += l.HoldSeconds; s.WrapUp += l.WrapUpSeconds;
            s.Band[AgentBuckets.BandOf(l.TalkSeconds, l.HoldSeconds, l.WrapUpSeconds)]++;
        }
        return sums;
    }

    internal sealed record LegKey(string CallId, long EndedAt);

    internal sealed record LegRow(string CallId, long EndedAt, string TenantId, string QueueId, string AgentId, long QueuedAt,
        long AnsweredAt, string EndedBy, double TalkSeconds, double HoldSeconds, double WrapUpSeconds, string? Disposition)
    {
        public static LegRow Of(CallLegEnded m) => new(m.CallId.ToString(), m.EndedAt.ToUnixTimeMilliseconds(), m.TenantId, m.QueueId,
            m.AgentId, m.QueuedAt.ToUnixTimeMilliseconds(), m.AnsweredAt.ToUnixTimeMilliseconds(), m.EndedBy, m.TalkSeconds, m.HoldSeconds,
            m.WrapUpSeconds, m.Disposition);
    }

    internal sealed class StoredRow
    {
        public string CallId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public long QueuedAt { get; init; }
    }

    private sealed class CallRow
    {
        public string CallId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public long QueuedAt { get; init; }
        public long? AnsweredAt { get; init; }
        public long? AbandonedAt { get; init; }
        public long? RejectedAt { get; init; }
        public string? RejectReason { get; init; }
        public string Kind { get; init; } = ContactKinds.Voice;
        public long? FirstDialAt { get; init; }
        public long? AnsweredBusinessMs { get; init; }
        public long? AbandonedBusinessMs { get; init; }
        public long? CompletedAt { get; init; }
        public long Transfers { get; init; }
        public double? TalkSeconds { get; init; }
        public double? HoldSeconds { get; init; }
        public double? WrapUpSeconds { get; init; }

        public CallRecord ToRecord() => new(Guid.Parse(CallId), TenantId, QueueId, DateTimeOffset.FromUnixTimeMilliseconds(QueuedAt),
            At(AnsweredAt), At(AbandonedAt), At(CompletedAt),
            // The database sums a call's legs in whatever order it reads them: to the microsecond, the order makes no difference.
            CompletedAt is null ? null : Math.Round(HandleTime.Of(TalkSeconds ?? 0, HoldSeconds ?? 0, WrapUpSeconds ?? 0), 6),
            (int)Transfers, At(RejectedAt), RejectReason, Kind, At(FirstDialAt), AnsweredBusinessMs, AbandonedBusinessMs);

        private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
