using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Agent state changes, for occupancy. Idempotent: the same change twice is one row.</summary>
public sealed class AgentStateStore(ModuleDatabase<SlaTrackingModule> database)
{
    /// <summary>How far before a period the state in force at its start is looked for.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromHours(24);

    public async Task RecordAsync(string agentId, IReadOnlyList<string> tenantIds, string state, DateTimeOffset changedAt, CancellationToken ct = default,
        string? reason = null) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO agent_state_change (agent_id, changed_at, state, tenant_ids, reason)
                 VALUES (@AgentId, @ChangedAt, @State, @TenantIds, @Reason)
            ON CONFLICT (agent_id, changed_at, state) DO NOTHING
            """, new
        {
            AgentId = agentId, ChangedAt = changedAt.ToUnixTimeMilliseconds(), State = state, TenantIds = "," + string.Join(",", tenantIds) + ",",
            Reason = reason,
        }), ct);

    public async Task<IReadOnlyList<AgentStateSpan>> ListAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        const string sql = """
            SELECT agent_id AS AgentId, state AS State, changed_at AS ChangedAt, tenant_ids AS TenantIds
              FROM agent_state_change
             WHERE changed_at >= @From AND changed_at < @To AND tenant_ids LIKE @Pattern ESCAPE '!'
             ORDER BY agent_id, changed_at
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string AgentId, string State, long ChangedAt, string TenantIds)>(sql, new
        {
            From = (from - LookBack).ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(),
            Pattern = "%," + tenantId.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_") + ",%",
        }), ct);
        // LIKE ignores case in SQLite: the exact match is made here.
        return rows.Where(r => r.TenantIds.Contains("," + tenantId + ",", StringComparison.Ordinal)).Select(r => new AgentStateSpan(r.AgentId, r.State, DateTimeOffset.FromUnixTimeMilliseconds(r.ChangedAt))).ToList();
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        database.RunAsync(async (c, _) => await c.ExecuteAsync("""
            DELETE FROM agent_state_change
             WHERE changed_at < @Before
            """, new { Before = before.ToUnixTimeMilliseconds() }) + await c.ExecuteAsync("""
            DELETE FROM agent_offer
             WHERE offered_at < @Before
            """, new { Before = before.ToUnixTimeMilliseconds() }), ct).AsTask();
}
