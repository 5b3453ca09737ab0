using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Reports;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Agents' offers, idempotent by call and ring instant, and the sums the agent report reads per agent and 15-minute bucket.</summary>
public sealed class AgentReportStore(ModuleDatabase<SlaTrackingModule> database)
{
    // Dapper hands Npgsql a list as one array parameter; SQLite gets it expanded into IN (...).
    private readonly string _tenantIn = database.Provider == DatabaseProvider.Postgres ? "tenant_id = ANY(@TenantIds)" : "tenant_id IN @TenantIds";

    public Task RecordOfferAsync(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset offeredAt,
        string? returnReason, DateTimeOffset? returnedAt, CancellationToken ct) =>
        database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO agent_offer (call_id, offered_at, agent_id, tenant_id, queue_id, returned_at, return_reason)
                 VALUES (@CallId, @OfferedAt, @AgentId, @TenantId, @QueueId, @ReturnedAt, @ReturnReason)
            ON CONFLICT (call_id, offered_at) DO UPDATE
                    SET returned_at = COALESCE(agent_offer.returned_at, excluded.returned_at),
                        return_reason = COALESCE(agent_offer.return_reason, excluded.return_reason)
            """, new
        {
            CallId = callId.ToString(), OfferedAt = offeredAt.ToUnixTimeMilliseconds(), AgentId = agentId, TenantId = tenantId,
            QueueId = queueId, ReturnedAt = returnedAt?.ToUnixTimeMilliseconds(), ReturnReason = returnReason,
        }), ct).AsTask();

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

    private static object Range(IReadOnlyList<string> tenantIds, DateTimeOffset from, DateTimeOffset to) =>
        new { TenantIds = tenantIds.ToArray(), From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() };
}
