using System.Data.Common;
using System.Text;
using CallCentre.Hosting.Data;
using Dapper;
using static CallCentre.SlaTracking.Data.CallRecordStore;

namespace CallCentre.SlaTracking.Data;

/// <summary>Every write locks rows in one order (call id, then instant or bucket), so that concurrent batches cannot deadlock.</summary>
internal abstract class CallRecordSql
{
    public static CallRecordSql For(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? new PostgresCallRecordSql() : new SqliteCallRecordSql();

    public abstract Task<IEnumerable<StoredRow>> UpsertRecordsAsync(DbConnection c, DbTransaction tx, List<RecordRow> rows, CancellationToken ct);

    /// <summary>Inserts legs of distinct keys; a leg already stored stays as it is. Returns the keys of the legs inserted.</summary>
    public abstract Task<IEnumerable<LegKey>> InsertLegsAsync(DbConnection c, DbTransaction tx, List<LegRow> legs, CancellationToken ct);

    public abstract Task IncrementBucketsAsync(DbConnection c, DbTransaction tx, long[] buckets, CancellationToken ct);

    /// <summary>An arrival decides the tenant and queue, the earliest answer wins, any other column once set stays set.</summary>
    protected const string OnConflictMerge = """
        ON CONFLICT (call_id) DO UPDATE
                SET tenant_id    = CASE WHEN excluded.arrival_seen THEN excluded.tenant_id ELSE call_record.tenant_id END,
                    queue_id     = CASE WHEN excluded.arrival_seen THEN excluded.queue_id ELSE call_record.queue_id END,
                    arrival_seen = call_record.arrival_seen OR excluded.arrival_seen,
                    answered_at  = CASE WHEN call_record.answered_at IS NULL OR excluded.answered_at < call_record.answered_at
                                        THEN COALESCE(excluded.answered_at, call_record.answered_at) ELSE call_record.answered_at END,
                    abandoned_at = COALESCE(call_record.abandoned_at, excluded.abandoned_at),
                    rejected_at  = COALESCE(call_record.rejected_at, excluded.rejected_at),
                    reject_reason = COALESCE(call_record.reject_reason, excluded.reject_reason),
                    kind         = CASE WHEN excluded.kind <> 'voice' THEN excluded.kind ELSE call_record.kind END,
                    answered_business_ms = CASE WHEN excluded.answered_at IS NOT NULL
                                                 AND (call_record.answered_at IS NULL OR excluded.answered_at < call_record.answered_at)
                                                THEN excluded.answered_business_ms
                                                ELSE COALESCE(call_record.answered_business_ms,
                                                              CASE WHEN excluded.answered_at = call_record.answered_at THEN excluded.answered_business_ms END) END,
                    abandoned_business_ms = CASE WHEN call_record.abandoned_at IS NULL THEN excluded.abandoned_business_ms
                                                 ELSE call_record.abandoned_business_ms END,
                    first_dial_at = CASE WHEN call_record.first_dial_at IS NULL OR excluded.first_dial_at < call_record.first_dial_at
                                         THEN COALESCE(excluded.first_dial_at, call_record.first_dial_at) ELSE call_record.first_dial_at END
        RETURNING call_id AS CallId, tenant_id AS TenantId, queue_id AS QueueId, queued_at AS QueuedAt
        """;
}

internal sealed class SqliteCallRecordSql : CallRecordSql
{
    // The widest row (a leg, 12 values) stays far below SQLite's bound-variable limit.
    private const int RowsPerStatement = 200;

    public override async Task<IEnumerable<StoredRow>> UpsertRecordsAsync(DbConnection c, DbTransaction tx, List<RecordRow> rows, CancellationToken ct)
    {
        var stored = new List<StoredRow>(rows.Count);
        foreach (var chunk in rows.Chunk(RowsPerStatement))
            stored.AddRange(await c.QueryAsync<StoredRow>(MultiRow(
                "INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, rejected_at, reject_reason, arrival_seen, kind, first_dial_at, answered_business_ms, abandoned_business_ms)",
                chunk, r => [r.CallId, r.TenantId, r.QueueId, r.QueuedAt, r.AnsweredAt, r.AbandonedAt, r.RejectedAt, r.RejectReason, r.IsArrival, r.Kind,
                    r.FirstDialAt, r.AnsweredBusinessMs, r.AbandonedBusinessMs],
                OnConflictMerge, tx, ct)));
        return stored;
    }

    public override async Task<IEnumerable<LegKey>> InsertLegsAsync(DbConnection c, DbTransaction tx, List<LegRow> legs, CancellationToken ct)
    {
        var inserted = new List<LegKey>();
        foreach (var chunk in legs.Chunk(RowsPerStatement))
            inserted.AddRange(await c.QueryAsync<LegKey>(MultiRow("""
                INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                                      talk_seconds, hold_seconds, wrap_up_seconds, disposition)
                """,
                chunk, l => [l.CallId, l.EndedAt, l.TenantId, l.QueueId, l.AgentId, l.QueuedAt, l.AnsweredAt, l.EndedBy, l.TalkSeconds,
                    l.HoldSeconds, l.WrapUpSeconds, l.Disposition],
                "ON CONFLICT (call_id, ended_at) DO NOTHING RETURNING call_id AS CallId, ended_at AS EndedAt", tx, ct)));
        return inserted;
    }

    public override async Task IncrementBucketsAsync(DbConnection c, DbTransaction tx, long[] buckets, CancellationToken ct)
    {
        foreach (var chunk in buckets.Chunk(RowsPerStatement))
            await c.ExecuteAsync(MultiRow("INSERT INTO call_bucket_version (bucket, version)", chunk, b => [b, 1],
                "ON CONFLICT (bucket) DO UPDATE SET version = call_bucket_version.version + 1", tx, ct));
    }

    private static CommandDefinition MultiRow<T>(string insert, IReadOnlyList<T> rows, Func<T, object?[]> values, string conflict,
        DbTransaction tx, CancellationToken ct)
    {
        var sql = new StringBuilder(insert).Append("\nVALUES ");
        var parameters = new DynamicParameters();
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            var row = values(rows[i]);
            for (var j = 0; j < row.Length; j++)
            {
                var name = $"p{i}_{j}";
                sql.Append(j == 0 ? "@" : ", @").Append(name);
                parameters.Add(name, row[j]);
            }
            sql.Append(')');
        }
        return new CommandDefinition(sql.Append('\n').Append(conflict).ToString(), parameters, tx, cancellationToken: ct);
    }
}

internal sealed class PostgresCallRecordSql : CallRecordSql
{
    private const string UpsertRecords = """
        INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, rejected_at, reject_reason, arrival_seen, kind,
                                 first_dial_at, answered_business_ms, abandoned_business_ms)
        SELECT * FROM unnest(@CallIds::text[], @TenantIds::text[], @QueueIds::text[], @QueuedAts::bigint[], @AnsweredAts::bigint[],
                             @AbandonedAts::bigint[], @RejectedAts::bigint[], @RejectReasons::text[], @Arrivals::boolean[], @Kinds::text[],
                             @FirstDialAts::bigint[], @AnsweredBusiness::bigint[], @AbandonedBusiness::bigint[])
        """ + "\n" + OnConflictMerge;

    public override Task<IEnumerable<StoredRow>> UpsertRecordsAsync(DbConnection c, DbTransaction tx, List<RecordRow> rows, CancellationToken ct) =>
        c.QueryAsync<StoredRow>(new CommandDefinition(UpsertRecords, new
        {
            CallIds = rows.Select(r => r.CallId).ToArray(), TenantIds = rows.Select(r => r.TenantId).ToArray(),
            QueueIds = rows.Select(r => r.QueueId).ToArray(), QueuedAts = rows.Select(r => r.QueuedAt).ToArray(),
            AnsweredAts = rows.Select(r => r.AnsweredAt).ToArray(), AbandonedAts = rows.Select(r => r.AbandonedAt).ToArray(),
            RejectedAts = rows.Select(r => r.RejectedAt).ToArray(), RejectReasons = rows.Select(r => r.RejectReason).ToArray(),
            Arrivals = rows.Select(r => r.IsArrival).ToArray(), Kinds = rows.Select(r => r.Kind).ToArray(),
            FirstDialAts = rows.Select(r => r.FirstDialAt).ToArray(), AnsweredBusiness = rows.Select(r => r.AnsweredBusinessMs).ToArray(),
            AbandonedBusiness = rows.Select(r => r.AbandonedBusinessMs).ToArray(),
        }, tx, cancellationToken: ct));

    public override Task<IEnumerable<LegKey>> InsertLegsAsync(DbConnection c, DbTransaction tx, List<LegRow> legs, CancellationToken ct) =>
        c.QueryAsync<LegKey>(new CommandDefinition("""
            INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                                  talk_seconds, hold_seconds, wrap_up_seconds, disposition)
            SELECT * FROM unnest(@CallIds::text[], @EndedAts::bigint[], @TenantIds::text[], @QueueIds::text[], @AgentIds::text[],
                                 @QueuedAts::bigint[], @AnsweredAts::bigint[], @EndedBys::text[], @Talks::float8[],
                                 @Holds::float8[], @WrapUps::float8[], @Dispositions::text[])
            ON CONFLICT (call_id, ended_at) DO NOTHING
            RETURNING call_id AS CallId, ended_at AS EndedAt
            """, new
        {
            CallIds = legs.Select(l => l.CallId).ToArray(), EndedAts = legs.Select(l => l.EndedAt).ToArray(),
            TenantIds = legs.Select(l => l.TenantId).ToArray(), QueueIds = legs.Select(l => l.QueueId).ToArray(),
            AgentIds = legs.Select(l => l.AgentId).ToArray(), QueuedAts = legs.Select(l => l.QueuedAt).ToArray(),
            AnsweredAts = legs.Select(l => l.AnsweredAt).ToArray(), EndedBys = legs.Select(l => l.EndedBy).ToArray(),
            Talks = legs.Select(l => l.TalkSeconds).ToArray(), Holds = legs.Select(l => l.HoldSeconds).ToArray(),
            WrapUps = legs.Select(l => l.WrapUpSeconds).ToArray(), Dispositions = legs.Select(l => l.Disposition).ToArray(),
        }, tx, cancellationToken: ct));

    public override Task IncrementBucketsAsync(DbConnection c, DbTransaction tx, long[] buckets, CancellationToken ct) =>
        buckets.Length == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO call_bucket_version (bucket, version)
            SELECT b, 1 FROM unnest(@Buckets::bigint[]) AS b
            ON CONFLICT (bucket) DO UPDATE SET version = call_bucket_version.version + 1
            """, new { Buckets = buckets }, tx, cancellationToken: ct));
}
