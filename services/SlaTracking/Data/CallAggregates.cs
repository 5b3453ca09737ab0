using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Feeds a report summaries per 15-minute bucket instead of records (docs/sla.md, How a report is computed).</summary>
public sealed class CallAggregates(ModuleDatabase<SlaTrackingModule> database, CallRecordStore calls)
{
    /// <summary>At most this many buckets (a day) are summed again from one query of records.</summary>
    private const int RefreshRun = 96;

    /// <summary>False (nothing fed) when the builder cannot take aggregates for this range: then feed the records.</summary>
    public async Task<bool> FeedAsync(SlaReportBuilder builder, string tenantId, CancellationToken ct = default)
    {
        if (builder.AggregationPieces() is not { Count: > 0 } pieces
            || pieces.Any(p => Math.Max(Math.Max(p.RowThresholdSeconds, p.RowShortAbandonSeconds), Math.Max(p.MeasuredThresholdSeconds,
                p.MeasuredShortAbandonSeconds)) > CallBucketSummary.MaxThresholdSeconds)
            || pieces.Any(p => WaitMeasures.MeasuresOf(ReportLine.Split(p.QueueId).Kind) is var kept
                               && (!kept.Contains(p.RowMeasure) || !kept.Contains(p.MeasuredMeasure))))
            return false;
        var (from, to) = builder.Range;
        var first = CallBucketVersions.BucketOf(from.ToUnixTimeMilliseconds());
        var end = CallBucketVersions.BucketOf(to.ToUnixTimeMilliseconds() - 1) + 1;
        // A bucket that a piece starts or ends inside (a version starting at an odd instant) cannot be counted as a whole.
        var split = new HashSet<long>();
        foreach (var piece in pieces)
        {
            foreach (var at in new[] { piece.From.ToUnixTimeMilliseconds(), piece.To.ToUnixTimeMilliseconds() })
                if (at % CallBucketVersions.BucketMilliseconds != 0)
                    split.Add(CallBucketVersions.BucketOf(at));
        }
        var piecesOf = pieces.GroupBy(p => p.QueueId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.From).ToArray(), StringComparer.Ordinal);

        // The versions first, then the summaries and (when refreshing) the records: what is read after a version includes at
        // least every change that version counts.
        var parameters = new { TenantId = tenantId, First = first, End = end };
        var (versions, stored) = await database.RunAsync(async (c, token) =>
        {
            var v = (await c.QueryAsync<(long Bucket, long Version)>(new CommandDefinition("""
                SELECT bucket, version FROM call_bucket_version WHERE bucket >= @First AND bucket < @End ORDER BY bucket
                """, parameters, cancellationToken: token))).ToList();
            var s = (await c.QueryAsync<(long Bucket, long ComputedVersion, byte[] Data)>(new CommandDefinition("""
                SELECT bucket, computed_version, data FROM call_bucket_summary WHERE tenant_id = @TenantId AND bucket >= @First AND bucket < @End
                """, parameters, cancellationToken: token))).ToDictionary(x => x.Bucket);
            return (v, s);
        }, ct);

        var stale = versions.Where(v => !split.Contains(v.Bucket)
            && !(stored.TryGetValue(v.Bucket, out var s) && s.ComputedVersion >= v.Version)).ToList();
        var refreshed = await RefreshAsync(tenantId, stale, ct);

        foreach (var run in Runs(versions.Select(v => v.Bucket).Where(split.Contains).ToList()))
        {
            await foreach (var call in calls.ListAsync(tenantId, null, CallBucketVersions.StartOf(run.First),
                               CallBucketVersions.StartOf(run.Last + 1), ct))
                builder.Add(call); // the builder keeps only the calls of its range
        }

        foreach (var (bucket, _) in versions)
        {
            if (split.Contains(bucket))
                continue;
            var start = CallBucketVersions.StartOf(bucket);
            var summaries = (refreshed.TryGetValue(bucket, out var fresh) ? fresh : CallBucketSummary.Decode(stored[bucket].Data))
                .ToDictionary(x => (x.QueueId, x.Measure));
            foreach (var ((line, measure), summary) in summaries)
            {
                if (!piecesOf.TryGetValue(line, out var queuePieces) || PieceAt(queuePieces, start) is not { } piece || piece.RowMeasure != measure)
                    continue; // a queue not in the report, or a measure its rows are not counted by
                // The measured period may be counted by another measure than the row (a version changing measure within it).
                var measured = summaries[(line, piece.MeasuredMeasure)];
                var forMeasured = measured.CountsFor(piece.MeasuredThresholdSeconds, piece.MeasuredShortAbandonSeconds);
                builder.Add(summary.ToAggregate(start, summary.CountsFor(piece.RowThresholdSeconds, piece.RowShortAbandonSeconds), forMeasured),
                    measured == summary ? null : measured.ToAggregate(start, forMeasured, forMeasured));
            }
        }
        return true;
    }

    private Task<Dictionary<long, List<CallBucketSummary>>> RefreshAsync(string tenantId, List<(long Bucket, long Version)> stale,
        CancellationToken ct) => SummariseAsync(tenantId, stale, ct);

    /// <summary>The version given must have been read before this call; <paramref name="tenantId"/> null sums every tenant's.</summary>
    internal async Task<Dictionary<long, List<CallBucketSummary>>> SummariseAsync(string? tenantId, IReadOnlyList<(long Bucket, long Version)> buckets,
        CancellationToken ct)
    {
        var refreshed = new Dictionary<long, List<CallBucketSummary>>();
        var versionOf = buckets.ToDictionary(s => s.Bucket, s => s.Version);
        foreach (var run in Runs(buckets.Select(s => s.Bucket).Order().ToList()))
        {
            var from = CallBucketVersions.StartOf(run.First);
            var to = CallBucketVersions.StartOf(run.Last + 1);
            var byBucket = new Dictionary<(long Bucket, string Tenant), Dictionary<(string Line, WaitMeasure Measure), CallBucketSummary>>();
            await foreach (var call in tenantId is null ? calls.ListAllTenantsAsync(from, to, ct) : calls.ListAsync(tenantId, null, from, to, ct))
            {
                var bucket = CallBucketVersions.BucketOf(call.QueuedAt.ToUnixTimeMilliseconds());
                if (!versionOf.ContainsKey(bucket))
                    continue;
                if (!byBucket.TryGetValue((bucket, call.TenantId), out var queues))
                    byBucket[(bucket, call.TenantId)] = queues = new Dictionary<(string, WaitMeasure), CallBucketSummary>();
                foreach (var measure in WaitMeasures.MeasuresOf(call.Kind))
                {
                    if (!queues.TryGetValue((call.Line, measure), out var summary))
                        queues[(call.Line, measure)] = summary = new CallBucketSummary(call.Line, measure);
                    summary.Add(call.Under(measure));
                }
            }
            var rows = new List<SummaryRow>();
            if (tenantId is not null)
            {
                for (var bucket = run.First; bucket <= run.Last; bucket++)
                {
                    if (!versionOf.TryGetValue(bucket, out var version))
                        continue;
                    // A bucket without calls of the tenant is stored too (empty): it is not summed again until it changes.
                    var summaries = byBucket.TryGetValue((bucket, tenantId), out var queues)
                        ? queues.Values.OrderBy(s => s.QueueId, StringComparer.Ordinal).ThenBy(s => s.Measure).ToList()
                        : [];
                    refreshed[bucket] = summaries;
                    rows.Add(new SummaryRow(tenantId, bucket, version, CallBucketSummary.Encode(summaries)));
                }
            }
            else
                rows.AddRange(byBucket.Select(kv => new SummaryRow(kv.Key.Tenant, kv.Key.Bucket, versionOf[kv.Key.Bucket],
                    CallBucketSummary.Encode(kv.Value.Values.OrderBy(s => s.QueueId, StringComparer.Ordinal).ThenBy(s => s.Measure).ToList()))));
            var summarised = tenantId is null
                ? Enumerable.Range(0, (int)(run.Last - run.First + 1)).Select(i => run.First + i).Where(versionOf.ContainsKey)
                    .Select(b => new { Bucket = b, Version = versionOf[b] }).ToList()
                : [];
            await database.RunAsync(async (c, token) =>
            {
                await using var tx = await c.BeginTransactionAsync(token);
                // Two writers summing the same bucket at once keep the later version.
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO call_bucket_summary (tenant_id, bucket, computed_version, data)
                         VALUES (@TenantId, @Bucket, @ComputedVersion, @Data)
                    ON CONFLICT (tenant_id, bucket) DO UPDATE
                            SET computed_version = excluded.computed_version, data = excluded.data
                          WHERE excluded.computed_version > call_bucket_summary.computed_version
                    """, rows, tx, cancellationToken: token));
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO call_bucket_summarised (bucket, version) VALUES (@Bucket, @Version)
                    ON CONFLICT (bucket) DO UPDATE SET version = excluded.version WHERE excluded.version > call_bucket_summarised.version
                    """, summarised, tx, cancellationToken: token));
                await tx.CommitAsync(token);
            }, ct);
        }
        return refreshed;
    }

    private sealed record SummaryRow(string TenantId, long Bucket, long ComputedVersion, byte[] Data);

    private static IEnumerable<(long First, long Last)> Runs(List<long> buckets)
    {
        for (var i = 0; i < buckets.Count;)
        {
            var j = i;
            while (j + 1 < buckets.Count && buckets[j + 1] == buckets[j] + 1 && buckets[j + 1] - buckets[i] < RefreshRun)
                j++;
            yield return (buckets[i], buckets[j]);
            i = j + 1;
        }
    }

    private static AggregationPiece? PieceAt(AggregationPiece[] pieces, DateTimeOffset at)
    {
        int lo = 0, hi = pieces.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (pieces[mid].To <= at)
                lo = mid + 1;
            else if (pieces[mid].From > at)
                hi = mid - 1;
            else
                return pieces[mid];
        }
        return null;
    }
}
