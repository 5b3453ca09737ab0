using System.Data;
using System.Data.Common;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Reports;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Agents' offers, idempotent by call and ring instant, and the sums the agent report reads per agent and 15-minute bucket.</summary>
public sealed class AgentReportStore(ModuleDatabase<SlaTrackingModule> database)
{
    // Dapper hands Npgsql a list as one array parameter; SQLite gets it expanded into IN (...).
    private readonly AgentBuckets _buckets = new(database.Provider);
    private readonly string _tenantIn = database.Provider == DatabaseProvider.Postgres ? "tenant_id = ANY(@TenantIds)" : "tenant_id IN @TenantIds";

    public Task RecordOfferAsync(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset offeredAt,
        string? returnReason, DateTimeOffset? returnedAt, CancellationToken ct) =>
        database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var p = new
            {
                CallId = callId.ToString(), OfferedAt = offeredAt.ToUnixTimeMilliseconds(), AgentId = agentId, TenantId = tenantId,
                QueueId = queueId, ReturnedAt = returnedAt?.ToUnixTimeMilliseconds(), ReturnReason = returnReason,
            };
            var sums = new AgentBuckets.CallSums();
            var stored = await c.QuerySingleOrDefaultAsync<OfferOwner>(new CommandDefinition("""
                INSERT INTO agent_offer (call_id, offered_at, agent_id, tenant_id, queue_id, returned_at, return_reason)
                     VALUES (@CallId, @OfferedAt, @AgentId, @TenantId, @QueueId, @ReturnedAt, @ReturnReason)
                ON CONFLICT (call_id, offered_at) DO NOTHING
                RETURNING agent_id AS AgentId, tenant_id AS TenantId
                """, p, tx, cancellationToken: token));
            var reason = returnReason;
            if (stored is not null)
                sums.Offered = 1;
            else if (returnReason is not null)
                stored = await c.QuerySingleOrDefaultAsync<OfferOwner>(new CommandDefinition("""
                    UPDATE agent_offer
                       SET returned_at = COALESCE(returned_at, @ReturnedAt), return_reason = @ReturnReason
                     WHERE call_id = @CallId AND offered_at = @OfferedAt AND return_reason IS NULL
                    RETURNING agent_id AS AgentId, tenant_id AS TenantId
                    """, p, tx, cancellationToken: token));
            else
                reason = null;
            if (stored is { } row)
            {
                if (reason == OfferReturn.Missed) sums.Missed = 1;
                if (reason == OfferReturn.Rejected) sums.Rejected = 1;
                await _buckets.AddCallsAsync(c, tx, new Dictionary<(string, string, long), AgentBuckets.CallSums>
                {
                    [(row.AgentId, row.TenantId, CallBucketVersions.BucketOf(p.OfferedAt))] = sums,
                }, token);
            }
            await tx.CommitAsync(token);
        }, ct).AsTask();

    public async Task<IReadOnlyList<AgentLegBucket>> LegBucketsAsync(IReadOnlyList<string> tenantIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct)
    {
        var sql = $"""
            SELECT agent_id AS AgentId, answered_at / 900000 AS Bucket, count(*) AS Answered,
                   sum(CASE WHEN ended_by = 'Transferred' THEN 1 ELSE 0 END) AS Transfers,
                   sum(talk_seconds) AS TalkSeconds, sum(hold_seconds) AS HoldSeconds, sum(wrap_up_seconds) AS WrapUpSeconds
              FROM call_leg
             WHERE answered_at >= @From AND answered_at < @To AND {_tenantIn} AND agent_id <> ''
             GROUP BY agent_id, answered_at / 900000
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string, long, long, long, double, double, double)>(sql,
            Range(tenantIds, from, to)), ct);
        return rows.Select(r => new AgentLegBucket(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7)).ToList();
    }

    public async Task<IReadOnlyList<AgentOfferBucket>> OfferBucketsAsync(IReadOnlyList<string> tenantIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct)
    {
        var sql = $"""
            SELECT agent_id, offered_at / 900000, count(*),
                   sum(CASE WHEN return_reason = 'missed' THEN 1 ELSE 0 END),
                   sum(CASE WHEN return_reason = 'rejected' THEN 1 ELSE 0 END)
              FROM agent_offer
             WHERE offered_at >= @From AND offered_at < @To AND {_tenantIn}
             GROUP BY agent_id, offered_at / 900000
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string, long, long, long, long)>(sql, Range(tenantIds, from, to)), ct);
        return rows.Select(r => new AgentOfferBucket(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5)).ToList();
    }

    /// <summary>The last band holds everything longer.</summary>
    public async Task<IReadOnlyList<HandleTimeBin>> HandleTimeDistributionAsync(IReadOnlyList<string> tenantIds, DateTimeOffset from,
        DateTimeOffset to, int binSeconds, int bins, CancellationToken ct)
    {
        // floor() is not in every SQLite build; a cast truncates there, and the value is never negative.
        var band = database.Provider == DatabaseProvider.Postgres
            ? "CAST(floor((talk_seconds + hold_seconds + wrap_up_seconds) / @Bin) AS BIGINT)"
            : "CAST((talk_seconds + hold_seconds + wrap_up_seconds) / @Bin AS INTEGER)";
        var sql = $"""
            SELECT agent_id, CASE WHEN {band} >= @Last THEN @Last ELSE {band} END AS band, count(*)
              FROM call_leg
             WHERE answered_at >= @From AND answered_at < @To AND {_tenantIn} AND agent_id <> ''
             GROUP BY agent_id, CASE WHEN {band} >= @Last THEN @Last ELSE {band} END
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string, long, long)>(sql, new
        {
            TenantIds = tenantIds.ToArray(), From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(), Bin = (double)binSeconds,
            Last = (long)(bins - 1),
        }), ct);
        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2)
            .Select(r => new HandleTimeBin(r.Item1, (int)r.Item2 * binSeconds, r.Item3)).ToList();
    }

    public async Task<IReadOnlyList<AgentStateChange>> StateChangesAsync(IReadOnlyList<string> tenantIds, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct)
    {
        const string sql = """
            SELECT agent_id, state, reason, changed_at, tenant_ids
              FROM agent_state_change
             WHERE changed_at >= @From AND changed_at < @To
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string, string, string?, long, string)>(sql, new
        {
            From = (from - AgentStateStore.LookBack).ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
        }), ct);
        var wanted = tenantIds.Select(t => "," + t + ",").ToList();
        return rows.Where(r => wanted.Any(w => r.Item5.Contains(w, StringComparison.Ordinal)))
            .Select(r => new AgentStateChange(r.Item1, r.Item2, r.Item3, DateTimeOffset.FromUnixTimeMilliseconds(r.Item4))).ToList();
    }

    /// <summary>The report's sums over <paramref name="periods"/> (in order, contiguous) read from the agents' bucket sums
    /// (<see cref="AgentBuckets"/>): per agent and 15-minute bucket, or per agent and period on PostgreSQL (whose bucket is then the
    /// period's first); the day sums when the periods are whole days of <paramref name="dayZone"/> and the day sums are cut in it, the
    /// hour sums when every period starts on a UTC hour; the distribution the day sums when cut in <paramref name="rangeZone"/>.</summary>
    public async Task<AgentReportSums> SumsAsync(IReadOnlyList<string> tenantIds, IReadOnlyList<ReportPeriod> periods, CancellationToken ct,
        string? dayZone = null, string? rangeZone = null)
    {
        if (periods.Count == 0)
            return new AgentReportSums(new AgentPerformanceCounter.Sums(periods), [], [], []);
        var starts = periods.Select(p => AgentBuckets.FirstBucketFrom(p.Start)).ToArray();
        var end = AgentBuckets.FirstBucketFrom(periods[^1].End);
        static bool OnHour(DateTimeOffset at) => at.ToUnixTimeMilliseconds() % 3_600_000 == 0;
        var hours = periods.All(p => OnHour(p.Start)) && OnHour(periods[^1].End);
        var postgres = database.Provider == DatabaseProvider.Postgres;
        var stride = starts.Length > 1 ? starts[1] - starts[0] : end - starts[0];
        var uniform = stride > 0 && end == starts[0] + stride * starts.Length && starts.Select((b, i) => b == starts[0] + stride * i).All(x => x);
        var group = !postgres ? "bucket" : uniform ? stride == 1 ? "bucket" : $"bucket - (bucket - @First) % {stride}"
            : "(@Starts::bigint[])[width_bucket(bucket, @Starts::bigint[])]";
        var lists = tenantIds.Select((t, i) => (Name: "L" + i, Value: "," + t + ",")).ToList();
        var listMatch = "(" + string.Join(" OR ", lists.Select(l => postgres ? $"strpos(tenant_ids, @{l.Name}) > 0" : $"instr(tenant_ids, @{l.Name}) > 0")) + ")";
        var p = new DynamicParameters(new { TenantIds = tenantIds.ToArray(), Starts = starts, First = starts[0], End = end, To = periods[^1].End.ToUnixTimeMilliseconds() });
        foreach (var l in lists)
            p.Add(l.Name, l.Value);
        // Intervals are a bucket or two: their stored rows cost less to add up here than to group in the database.
        var asStored = !hours && dayZone is null && uniform && stride <= 2;
        string Sum(string column) => asStored ? column
            : column.EndsWith("seconds", StringComparison.Ordinal) ? $"sum({column})" : $"CAST(sum({column}) AS BIGINT)";
        var (key, groupBy) = asStored ? ("bucket", "") : (group, "GROUP BY 1, 2");
        string CallsSql(string table) => $"""
            SELECT agent_id, {key}, {Sum("offered")}, {Sum("missed")}, {Sum("rejected")}, {Sum("answered")}, {Sum("transfers")},
                   {Sum("talk_seconds")}, {Sum("hold_seconds")}, {Sum("wrap_up_seconds")}
              FROM {table}
             WHERE bucket >= @RowsFrom AND bucket < @End AND {_tenantIn}
             {groupBy}
            """;
        // The distribution is over the whole range: its bands are added up per agent only.
        string BandsSql(string table) => $"""
            SELECT agent_id, {string.Join(", ", AgentBuckets.BandColumns.Select(b => $"CAST(sum({b}) AS BIGINT)"))}
              FROM {table}
             WHERE bucket >= @First AND bucket < @End AND {_tenantIn}
             GROUP BY 1
            """;
        return await database.RunAsync(async (c, token) =>
        {
            // One snapshot on PostgreSQL: the day sums may be cut again in another zone between the statements.
            await using var tx = postgres ? await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, token) : null;
            var cutIn = await AgentBuckets.DayZoneAsync(c, tx, token);
            var days = dayZone is not null && cutIn == dayZone;
            var (callsTable, stateTable) = days ? ("agent_day_calls", "agent_day_state")
                : hours ? ("agent_hour_calls", "agent_hour_state") : ("agent_bucket_calls", "agent_bucket_state");
            var bandsTable = days || (rangeZone is not null && cutIn == rangeZone) ? "agent_day_calls"
                : OnHour(periods[0].Start) && OnHour(periods[^1].End) ? "agent_hour_calls" : "agent_bucket_calls";
            var agents = new Dictionary<string, string>(StringComparer.Ordinal);
            string Agent(DbDataReader r)
            {
                var id = r.GetString(0);
                return agents.TryGetValue(id, out var known) ? known : agents[id] = id;
            }
            var cells = new byte[AgentPackedDays.CallCell * AgentPackedDays.BucketsPerDay];
            ReadOnlySpan<byte> Cells(DbDataReader r) => cells.AsSpan(0, (int)r.GetBytes(2, 0, cells, 0, cells.Length));
            var sums = new AgentPerformanceCounter.Sums(periods);
            // Intervals read the packed days (AgentPackedDays) before the first not packed, and the 15-minute rows from there on.
            var packedTo = asStored && await AgentPackedDays.ThroughAsync(c, tx, token) is { } through ? Math.Min(through, end) : starts[0];
            p.Add("RowsFrom", Math.Max(starts[0], packedTo));
            if (packedTo > starts[0])
            {
                p.Add("FirstDay", AgentPackedDays.DayOf(starts[0]));
                p.Add("PackedTo", packedTo);
                await using (var r = await c.ExecuteReaderAsync(new CommandDefinition(
                    $"SELECT agent_id, day, cells FROM agent_packed_calls WHERE day >= @FirstDay AND day < @PackedTo AND {_tenantIn}",
                    p, tx, cancellationToken: token)))
                    while (await r.ReadAsync(token))
                        AgentPackedDays.ReadCalls(Agent(r), r.GetInt64(1), Cells(r), starts[0], packedTo, sums);
                await using (var r = await c.ExecuteReaderAsync(new CommandDefinition(
                    $"SELECT agent_id, day, cells FROM agent_packed_state WHERE day >= @FirstDay AND day < @PackedTo AND {listMatch}",
                    p, tx, cancellationToken: token)))
                    while (await r.ReadAsync(token))
                        AgentPackedDays.ReadState(Agent(r), r.GetInt64(1), Cells(r), starts[0], packedTo, sums);
            }
            var bands = new Dictionary<string, long[]>(StringComparer.Ordinal);
            await using (var r = await c.ExecuteReaderAsync(new CommandDefinition(CallsSql(callsTable), p, tx, cancellationToken: token)))
                while (await r.ReadAsync(token))
                {
                    var agent = Agent(r);
                    var bucket = r.GetInt64(1);
                    long offered = r.GetInt64(2), missed = r.GetInt64(3), rejected = r.GetInt64(4);
                    if (offered != 0 || missed != 0 || rejected != 0)
                        sums.AddOffers(agent, bucket, offered, missed, rejected);
                    if (r.GetInt64(5) is var answered and not 0)
                        sums.AddLegs(agent, bucket, answered, r.GetInt64(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9));
                }
            await using (var r = await c.ExecuteReaderAsync(new CommandDefinition(BandsSql(bandsTable), p, tx, cancellationToken: token)))
                while (await r.ReadAsync(token))
                {
                    var agentBands = new long[AgentBuckets.Bands];
                    for (var i = 0; i < AgentBuckets.Bands; i++)
                        agentBands[i] = r.GetInt64(1 + i);
                    bands[r.GetString(0)] = agentBands;
                }
            await using (var r = await c.ExecuteReaderAsync(new CommandDefinition($"""
                SELECT agent_id, {key}, {Sum("logged_in_ms")}, {Sum("staffed_ms")}, {Sum("busy_ms")}
                  FROM {stateTable}
                 WHERE bucket >= @RowsFrom AND bucket < @End AND {listMatch}
                 {groupBy}
                """, p, tx, cancellationToken: token)))
                while (await r.ReadAsync(token))
                    if (r.GetInt64(2) is var loggedIn and not 0) // else what a later change took back entirely
                        sums.AddStateTime(Agent(r), r.GetInt64(1), loggedIn / 1000.0, r.GetInt64(3) / 1000.0, r.GetInt64(4) / 1000.0);
            var notReady = (await c.QueryAsync<(string, long, string, long)>(new CommandDefinition($"""
                SELECT agent_id, {group}, reason, CAST(sum(ms) AS BIGINT)
                  FROM agent_bucket_not_ready
                 WHERE bucket >= @First AND bucket < @End AND {listMatch}
                 GROUP BY 1, 2, 3
                """, p, tx, cancellationToken: token)))
                .Where(x => x.Item4 != 0)
                .Select(x => new AgentNotReadyBucket(x.Item1, x.Item2, x.Item3, x.Item4 / 1000.0)).ToList();
            var open = (await c.QueryAsync<(string, long, string, string?, string)>(new CommandDefinition("""
                SELECT agent_id, changed_at, state, reason, tenant_ids
                  FROM agent_last_state
                 WHERE changed_at < @To AND state <> 'LoggedOut'
                """, p, tx, cancellationToken: token)))
                .Where(x => lists.Any(l => x.Item5.Contains(l.Value, StringComparison.Ordinal)))
                .Select(x => new AgentStateChange(x.Item1, x.Item3, x.Item4, DateTimeOffset.FromUnixTimeMilliseconds(x.Item2))).ToList();
            var distribution = bands.OrderBy(a => a.Key, StringComparer.Ordinal)
                .SelectMany(a => a.Value.Select((legCount, band) => new HandleTimeBin(a.Key, band * AgentBuckets.BandSeconds, legCount)))
                .Where(bin => bin.Legs > 0).ToList();
            return new AgentReportSums(sums, notReady, open, distribution);
        }, ct);
    }

    /// <summary>Packs the UTC days ended by <paramref name="now"/> (<see cref="AgentPackedDays"/>), a day per transaction.</summary>
    public async Task<int> PackClosedDaysAsync(DateTimeOffset now, CancellationToken ct)
    {
        var until = AgentPackedDays.DayOf(CallBucketVersions.BucketOf(now.ToUnixTimeMilliseconds()));
        for (var packed = 0; ; packed++)
            if (!await database.RunAsync(async (c, token) =>
                {
                    await using var tx = await c.BeginTransactionAsync(token);
                    var done = await _buckets.PackDayAsync(c, tx, until, token);
                    await tx.CommitAsync(token);
                    return done;
                }, ct))
                return packed;
    }

    /// <summary>Cuts the day sums in <paramref name="zoneId"/>'s days, unless they are already (false).</summary>
    public Task<bool> UseDayZoneAsync(string zoneId, CancellationToken ct) =>
        database.RunAsync(async (c, token) =>
        {
            if (await AgentBuckets.DayZoneAsync(c, null, token) == zoneId)
                return false;
            await using var tx = await c.BeginTransactionAsync(token);
            var cut = await _buckets.UseDayZoneAsync(c, tx, zoneId, token);
            await tx.CommitAsync(token);
            return cut;
        }, ct).AsTask();

    public async Task<IReadOnlyList<(string AgentId, string Day, double Scheduled, double InAdherence, double Work, double OnPhone)>> AdherenceDaysAsync(
        string from, string toInclusive, CancellationToken ct) =>
        [.. await database.RunAsync((c, token) => c.QueryAsync<(string, string, double, double, double, double)>(new CommandDefinition("""
            SELECT agent_id, day, scheduled_minutes, in_adherence_minutes, work_minutes, on_phone_minutes
              FROM agent_adherence_day
             WHERE day >= @From AND day <= @To
            """, new { From = from, To = toInclusive }, cancellationToken: token)), ct)];

    private sealed record OfferOwner(string AgentId, string TenantId);

    private static object Range(IReadOnlyList<string> tenantIds, DateTimeOffset from, DateTimeOffset to) =>
        new { TenantIds = tenantIds.ToArray(), From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() };
}
