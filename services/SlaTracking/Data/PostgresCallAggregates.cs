using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Adds a report's call records up in PostgreSQL instead of streaming them: one row per piece of
/// <see cref="SlaReportBuilder.AggregationPieces"/> and per 15-minute bucket of UTC, with the contract-dependent counts
/// taken under each piece's thresholds in the query itself, so that a month of 10 M calls comes back as a few thousand
/// rows. The figures are the same as feeding every record (the test <c>PostgresReportAggregationTests</c> checks it).
/// SQLite keeps the record path (<see cref="CallRecordStore.ListAsync"/>).</summary>
public sealed class PostgresCallAggregates(ModuleDatabase<SlaTrackingModule> database)
{
    public bool Supported => database.Provider == DatabaseProvider.Postgres;

    /// <summary>Feeds <paramref name="builder"/> the tenant's calls of its range as aggregates; false (nothing fed) when the
    /// database is not PostgreSQL or the builder cannot take aggregates for this range.</summary>
    public async Task<bool> FeedAsync(SlaReportBuilder builder, string tenantId, CancellationToken ct = default)
    {
        if (!Supported || builder.AggregationPieces() is not { Count: > 0 } pieces)
            return false;
        // Per call: its outcome (answer first, then abandon, then rejection), its wait in ms (≥ 0) to that outcome, its
        // handle time as C# computes it (float8 sum, then numeric: 15 significant digits, as decimal(double) does).
        const string sql = """
            WITH p AS (
                SELECT *
                  FROM unnest(@Queues::text[], @Froms::bigint[], @Tos::bigint[], @RowThresholds::bigint[], @RowShorts::bigint[],
                              @MeasuredThresholds::bigint[], @MeasuredShorts::bigint[])
                       WITH ORDINALITY AS p(queue_id, from_ms, to_ms, row_t, row_s, meas_t, meas_s, piece)
            ), c AS (
                SELECT p.piece, r.queued_at / @Bucket AS bucket, p.row_t, p.row_s, p.meas_t, p.meas_s,
                       CASE WHEN r.answered_at IS NOT NULL THEN 1
                            WHEN r.abandoned_at IS NOT NULL THEN 2
                            WHEN r.rejected_at IS NOT NULL THEN CASE WHEN r.reject_reason IS DISTINCT FROM 'closed' THEN 4 ELSE 3 END
                            ELSE 0 END AS outcome,
                       GREATEST(0, COALESCE(r.answered_at, r.abandoned_at, r.rejected_at) - r.queued_at) AS wait,
                       CASE WHEN r.completed_at IS NOT NULL AND r.talk_seconds IS NOT NULL
                            THEN (r.talk_seconds + 0::float8 + COALESCE(r.hold_seconds, 0::float8)
                                  + COALESCE(r.wrap_up_seconds, 0::float8))::numeric END AS handle
                  FROM call_record r
                  JOIN p ON p.queue_id = r.queue_id AND r.queued_at >= p.from_ms AND r.queued_at < p.to_ms
                 WHERE r.tenant_id = @TenantId AND r.queued_at >= @From AND r.queued_at < @To
            )
            SELECT piece AS Piece, bucket AS Bucket,
                   count(*) AS Offered,
                   count(*) FILTER (WHERE outcome = 1) AS Answered,
                   count(*) FILTER (WHERE outcome = 2) AS Abandoned,
                   count(*) FILTER (WHERE outcome = 0) AS Waiting,
                   count(*) FILTER (WHERE outcome IN (3, 4)) AS Rejected,
                   count(*) FILTER (WHERE outcome = 4) AS RejectedNotClosed,
                   CAST(COALESCE(sum(wait) FILTER (WHERE outcome = 1), 0) AS BIGINT) AS WaitAnsweredMilliseconds,
                   COALESCE(max(wait), 0) AS LongestWaitMilliseconds,
                   count(handle) AS Completed,
                   COALESCE(sum(handle), 0) AS HandleSeconds,
                   count(*) FILTER (WHERE outcome = 1 AND wait <= row_t) AS RowAnsweredWithin,
                   count(*) FILTER (WHERE outcome = 2 AND wait < row_s) AS RowShortAbandons,
                   count(*) FILTER (WHERE outcome = 2 AND wait >= row_s AND wait <= row_t) AS RowAbandonedWithin,
                   count(*) FILTER (WHERE outcome = 1 AND wait <= meas_t) AS MeasuredAnsweredWithin,
                   count(*) FILTER (WHERE outcome = 2 AND wait < meas_s) AS MeasuredShortAbandons,
                   count(*) FILTER (WHERE outcome = 2 AND wait >= meas_s AND wait <= meas_t) AS MeasuredAbandonedWithin
              FROM c
             GROUP BY piece, bucket
            """;
        // The few calls with transfers: their count, and what their transferred legs add to the handle time summed above
        // (each call's handle with them minus without them, both as C# computes them: the sums stay exact).
        const string transfers = """
            WITH p AS (
                SELECT *
                  FROM unnest(@Queues::text[], @Froms::bigint[], @Tos::bigint[]) WITH ORDINALITY AS p(queue_id, from_ms, to_ms, piece)
            ), x AS (
                SELECT t.call_id, count(*) AS transfers,
                       -- each transferred leg: from its answer (the latest before the transfer) to the transfer
                       sum(t.transferred_at - (SELECT max(a.answered_at)
                                                 FROM call_answer a
                                                WHERE a.call_id = t.call_id AND a.answered_at <= t.transferred_at)) AS transferred_talk_ms
                  FROM call_transfer t
                  JOIN call_record cr ON cr.call_id = t.call_id
                 WHERE cr.tenant_id = @TenantId AND cr.queued_at >= @From AND cr.queued_at < @To
                 GROUP BY t.call_id
            )
            SELECT p.piece AS Piece, r.queued_at / @Bucket AS Bucket, CAST(sum(x.transfers) AS BIGINT) AS Transfers,
                   COALESCE(sum(CASE WHEN r.completed_at IS NOT NULL AND r.talk_seconds IS NOT NULL
                                     THEN (r.talk_seconds + COALESCE(x.transferred_talk_ms::float8 / 1000::float8, 0::float8)
                                           + COALESCE(r.hold_seconds, 0::float8) + COALESCE(r.wrap_up_seconds, 0::float8))::numeric
                                          - (r.talk_seconds + 0::float8 + COALESCE(r.hold_seconds, 0::float8)
                                             + COALESCE(r.wrap_up_seconds, 0::float8))::numeric END), 0) AS HandleSeconds
              FROM x
              JOIN call_record r ON r.call_id = x.call_id
              JOIN p ON p.queue_id = r.queue_id AND r.queued_at >= p.from_ms AND r.queued_at < p.to_ms
             GROUP BY p.piece, r.queued_at / @Bucket
            """;
        // The planner cannot know that a month of calls falls into a few thousand (piece, bucket) groups: it would sort
        // every row instead of hashing in each parallel worker. JIT compiling costs more than it saves here.
        const string settings = "SET LOCAL enable_sort = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off";
        var (from, to) = builder.Range;
        var parameters = new
        {
            TenantId = tenantId,
            From = from.ToUnixTimeMilliseconds(),
            To = to.ToUnixTimeMilliseconds(),
            Bucket = SlaReportBuilder.AggregationBucketMilliseconds,
            Queues = pieces.Select(p => p.QueueId).ToArray(),
            Froms = pieces.Select(p => p.From.ToUnixTimeMilliseconds()).ToArray(),
            Tos = pieces.Select(p => p.To.ToUnixTimeMilliseconds()).ToArray(),
            RowThresholds = pieces.Select(p => p.RowThresholdSeconds * 1000L).ToArray(),
            RowShorts = pieces.Select(p => p.RowShortAbandonSeconds * 1000L).ToArray(),
            MeasuredThresholds = pieces.Select(p => p.MeasuredThresholdSeconds * 1000L).ToArray(),
            MeasuredShorts = pieces.Select(p => p.MeasuredShortAbandonSeconds * 1000L).ToArray(),
        };
        var (rows, extra) = await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            await c.ExecuteAsync(new CommandDefinition(settings, transaction: tx, cancellationToken: token));
            var all = await c.QueryAsync<AggregateRow>(new CommandDefinition(sql, parameters, tx, 300, cancellationToken: token));
            var moved = await c.QueryAsync<TransferRow>(new CommandDefinition(transfers, parameters, tx, 300, cancellationToken: token));
            await tx.CommitAsync(token);
            return (all, moved.ToDictionary(t => (t.Piece, t.Bucket)));
        }, ct);
        foreach (var row in rows.OrderBy(r => r.Bucket).ThenBy(r => r.Piece))
        {
            var transferred = extra.GetValueOrDefault((row.Piece, row.Bucket));
            var piece = pieces[(int)row.Piece - 1];
            var bucketStart = DateTimeOffset.FromUnixTimeMilliseconds(row.Bucket * SlaReportBuilder.AggregationBucketMilliseconds);
            builder.Add(new CallAggregate(piece.QueueId, bucketStart > piece.From ? bucketStart : piece.From,
                row.Offered, row.Answered, row.Abandoned, row.Waiting, row.Rejected, row.RejectedNotClosed, row.WaitAnsweredMilliseconds,
                row.LongestWaitMilliseconds, row.Completed, row.HandleSeconds + (transferred?.HandleSeconds ?? 0), transferred?.Transfers ?? 0,
                new ThresholdCounts(row.RowAnsweredWithin, row.RowShortAbandons, row.RowAbandonedWithin),
                new ThresholdCounts(row.MeasuredAnsweredWithin, row.MeasuredShortAbandons, row.MeasuredAbandonedWithin)));
        }
        return true;
    }

    private sealed class TransferRow
    {
        public long Piece { get; init; }
        public long Bucket { get; init; }
        public long Transfers { get; init; }
        public decimal HandleSeconds { get; init; }
    }

    private sealed class AggregateRow
    {
        public long Piece { get; init; }
        public long Bucket { get; init; }
        public long Offered { get; init; }
        public long Answered { get; init; }
        public long Abandoned { get; init; }
        public long Waiting { get; init; }
        public long Rejected { get; init; }
        public long RejectedNotClosed { get; init; }
        public long WaitAnsweredMilliseconds { get; init; }
        public long LongestWaitMilliseconds { get; init; }
        public long Completed { get; init; }
        public decimal HandleSeconds { get; init; }
        public long RowAnsweredWithin { get; init; }
        public long RowShortAbandons { get; init; }
        public long RowAbandonedWithin { get; init; }
        public long MeasuredAnsweredWithin { get; init; }
        public long MeasuredShortAbandons { get; init; }
        public long MeasuredAbandonedWithin { get; init; }
    }
}
