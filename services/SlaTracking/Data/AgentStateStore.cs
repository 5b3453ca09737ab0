using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Agent state changes, for occupancy. Idempotent: the same change twice is one row.</summary>
public sealed class AgentStateStore(ModuleDatabase<SlaTrackingModule> database)
{
    private readonly AgentBuckets _buckets = new(database.Provider);

    /// <summary>How far before a period the state in force at its start is looked for.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromHours(24);

    /// <summary>Records a change and moves the agent report's state time (<see cref="AgentBuckets"/>) in the same transaction.</summary>
    public async Task RecordAsync(string agentId, IReadOnlyList<string> tenantIds, string state, DateTimeOffset changedAt, CancellationToken ct = default,
        string? reason = null) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            await _buckets.RecordStateChangeAsync(c, tx, agentId, changedAt.ToUnixTimeMilliseconds(), state, reason,
                "," + string.Join(",", tenantIds) + ",", token);
            await tx.CommitAsync(token);
        }, ct);

    /// <summary>Keeps the latest measurement of an agent's day: an older or repeated one changes nothing.</summary>
    public Task RecordAdherenceAsync(AgentAdherenceRecorded m, CancellationToken ct = default) =>
        database.RunAsync((c, token) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO agent_adherence_day (agent_id, day, until_ms, scheduled_minutes, in_adherence_minutes, work_minutes, on_phone_minutes)
                 VALUES (@AgentId, @Day, @Until, @ScheduledMinutes, @InAdherenceMinutes, @WorkMinutes, @OnPhoneMinutes)
            ON CONFLICT (agent_id, day) DO UPDATE
                SET until_ms = excluded.until_ms, scheduled_minutes = excluded.scheduled_minutes,
                    in_adherence_minutes = excluded.in_adherence_minutes, work_minutes = excluded.work_minutes,
                    on_phone_minutes = excluded.on_phone_minutes
              WHERE excluded.until_ms > agent_adherence_day.until_ms
            """, new
        {
            m.AgentId, Day = m.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Until = m.Until.ToUnixTimeMilliseconds(),
            m.ScheduledMinutes, m.InAdherenceMinutes, m.WorkMinutes, m.OnPhoneMinutes,
        }, cancellationToken: token)), ct).AsTask();

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
        database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var p = new { Before = before.ToUnixTimeMilliseconds(), FirstKept = CallBucketVersions.BucketOf(before.ToUnixTimeMilliseconds()) };
            var deleted = await c.ExecuteAsync("DELETE FROM agent_state_change WHERE changed_at < @Before", p, tx)
                          + await c.ExecuteAsync("DELETE FROM agent_offer WHERE offered_at < @Before", p, tx);
            await c.ExecuteAsync("DELETE FROM agent_last_state WHERE changed_at < @Before", p, tx);
            await c.ExecuteAsync("DELETE FROM agent_adherence_day WHERE day < @Day", new { Day = before.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, tx);
            foreach (var table in new[] { "agent_bucket_calls", "agent_bucket_state", "agent_bucket_not_ready" })
                await c.ExecuteAsync($"DELETE FROM {table} WHERE bucket < @FirstKept", p, tx);
            foreach (var table in new[] { "agent_hour_calls", "agent_hour_state" })
                await c.ExecuteAsync($"DELETE FROM {table} WHERE bucket < @FirstKept - 3", p, tx);
            // A day is at most 100 buckets long: only whole days before the first kept bucket go.
            foreach (var table in new[] { "agent_day_calls", "agent_day_state" })
                await c.ExecuteAsync($"DELETE FROM {table} WHERE bucket <= @FirstKept - 100", p, tx);
            foreach (var table in new[] { "agent_packed_calls", "agent_packed_state" })
                await c.ExecuteAsync($"DELETE FROM {table} WHERE day <= @FirstKept - {AgentPackedDays.BucketsPerDay}", p, tx);
            await tx.CommitAsync(token);
            return deleted;
        }, ct).AsTask();
}
