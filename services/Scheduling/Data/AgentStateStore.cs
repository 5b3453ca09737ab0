using System.Data.Common;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
using CallCentre.Scheduling.Adherence;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <summary>Also the adherence episodes announced, shared by the replicas; the row id orders changes at the same instant.</summary>
public sealed class AgentStateStore(ModuleDatabase<SchedulingModule> database)
{
    public sealed record StoredChange(long Id, string AgentId, StateChange Change, IReadOnlyList<string> TenantIds);

    public async Task RecordAsync(string agentId, IReadOnlyList<string> tenantIds, string state, string? reason, DateTimeOffset changedAt,
        CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO agent_state_change (agent_id, changed_at, state, reason, tenant_ids)
                 VALUES (@AgentId, @ChangedAt, @State, @Reason, @TenantIds)
            ON CONFLICT (agent_id, changed_at, state, reason) DO NOTHING
            """, new
        {
            AgentId = agentId, ChangedAt = changedAt.ToUnixTimeMilliseconds(), State = state, Reason = reason ?? "",
            TenantIds = string.Join(",", tenantIds),
        }), ct);

    /// <summary>With, per agent, the last change before <paramref name="from"/>; ties in arrival order.</summary>
    public async Task<IReadOnlyList<StoredChange>> ListAsync(DateTimeOffset from, DateTimeOffset to, string? agentId = null, CancellationToken ct = default)
    {
        const string sql = """
            SELECT s.id, s.agent_id, s.changed_at, s.state, s.reason, s.tenant_ids
              FROM agent_state_change s
             WHERE (@AgentId IS NULL OR s.agent_id = @AgentId)
               AND (s.changed_at >= @From AND s.changed_at < @To
                    OR s.id = (SELECT p.id
                                 FROM agent_state_change p
                                WHERE p.agent_id = s.agent_id AND p.changed_at < @From
                                ORDER BY p.changed_at DESC, p.id DESC
                                LIMIT 1))
             ORDER BY s.agent_id, s.changed_at, s.id
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<Row>(sql,
            new { From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds(), AgentId = agentId }), ct);
        return rows.Select(ToChange).ToList();
    }

    public async Task<IReadOnlyList<StoredChange>> TailAsync(long afterId, int limit, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<Row>("""
            SELECT id, agent_id, changed_at, state, reason, tenant_ids
              FROM agent_state_change
             WHERE id > @AfterId
             ORDER BY id
             LIMIT @Limit
            """, new { AfterId = afterId, Limit = limit }), ct);
        return rows.Select(ToChange).ToList();
    }

    public async Task<long> LastIdAsync(CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteScalarAsync<long>("""
            SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT)
              FROM agent_state_change
            """), ct);

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            var at = before.ToUnixTimeMilliseconds();
            await using var tx = await c.BeginTransactionAsync(token);
            var n = await c.ExecuteAsync("""
                DELETE FROM agent_state_change
                 WHERE changed_at < @Before
                """, new { Before = at }, tx);
            await c.ExecuteAsync("""
                DELETE FROM adherence_episode
                 WHERE cleared_at < @Before
                """, new { Before = at }, tx);
            await tx.CommitAsync(token);
            return n;
        }, ct);

    public async Task<IReadOnlyList<OpenEpisode>> OpenEpisodesAsync(CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string AgentId, string Day, long Since)>("""
            SELECT agent_id, day, since
              FROM adherence_episode
             WHERE cleared_at IS NULL
            """), ct);
        return rows.Select(r => new OpenEpisode(r.AgentId, DateOnly.ParseExact(r.Day, "yyyy-MM-dd"), DateTimeOffset.FromUnixTimeMilliseconds(r.Since)))
            .ToList();
    }

    /// <summary>Null when the episode is already stored or the agent has another open one (another replica announced it).</summary>
    public async Task<IReadOnlyList<long>?> RaiseEpisodeAsync(OpenEpisode episode, object announcement, DateTimeOffset at, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<long>?>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            // No conflict target: the primary key and the one-open-episode-per-agent index both turn a second announcement away.
            var won = await c.ExecuteAsync("""
                INSERT INTO adherence_episode (agent_id, since, day, raised_at, cleared_at)
                     VALUES (@AgentId, @Since, @Day, @At, NULL)
                ON CONFLICT DO NOTHING
                """, new
            {
                episode.AgentId, Since = episode.Since.ToUnixTimeMilliseconds(), Day = episode.Date.ToString("yyyy-MM-dd"),
                At = at.ToUnixTimeMilliseconds(),
            }, transaction);
            return won == 1 ? await AnnounceAsync(c, transaction, announcement, at, token) : null;
        }, ct);

    /// <summary>Null when the episode was not open (another replica ended it).</summary>
    public async Task<IReadOnlyList<long>?> ClearEpisodeAsync(OpenEpisode episode, object announcement, DateTimeOffset at, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<long>?>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var won = await c.ExecuteAsync("""
                UPDATE adherence_episode
                   SET cleared_at = @At
                 WHERE agent_id = @AgentId AND since = @Since AND cleared_at IS NULL
                """, new { episode.AgentId, Since = episode.Since.ToUnixTimeMilliseconds(), At = at.ToUnixTimeMilliseconds() }, transaction);
            return won == 1 ? await AnnounceAsync(c, transaction, announcement, at, token) : null;
        }, ct);

    private static async Task<IReadOnlyList<long>> AnnounceAsync(DbConnection c, DbTransaction transaction, object announcement, DateTimeOffset at,
        CancellationToken ct)
    {
        var id = await AlertOutbox<SchedulingModule>.AddAsync(c, transaction, announcement, null, at);
        await transaction.CommitAsync(ct);
        return [id];
    }

    private sealed record Row(long Id, string Agent_Id, long Changed_At, string State, string Reason, string Tenant_Ids);

    private static StoredChange ToChange(Row r) => new(r.Id, r.Agent_Id,
        new StateChange(DateTimeOffset.FromUnixTimeMilliseconds(r.Changed_At), r.State, r.Reason.Length == 0 ? null : r.Reason),
        r.Tenant_Ids.Length == 0 ? [] : r.Tenant_Ids.Split(','));
}
