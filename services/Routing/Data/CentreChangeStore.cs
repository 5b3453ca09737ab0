using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Leadership;
using Dapper;

namespace CallCentre.Routing.Data;

public sealed record StoredCentreItem(long Version, QueueConfiguration? Queue, AgentDefinition? Agent, string? PasswordHash,
    string ChangedBy, DateTimeOffset ChangedAt)
{
    public string? CalendarTenantId { get; init; }
    public TenantCalendarConfiguration? Calendar { get; init; }
}

/// <summary>Admin API changes, the latest definition of each, applied over the centre file at every start.</summary>
public sealed class CentreChangeStore(ModuleDatabase<RoutingModule> database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<long> SaveQueueAsync(QueueConfiguration queue, string by, DateTimeOffset at, CancellationToken ct, LeaseTerm? fence = null) =>
        SaveAsync("queue", queue.Id, JsonSerializer.Serialize(queue, Json), null, by, at, fence, ct);

    public Task<long> SaveAgentAsync(AgentDefinition agent, string? passwordHash, string by, DateTimeOffset at, CancellationToken ct,
        LeaseTerm? fence = null) =>
        SaveAsync("agent", agent.Id, JsonSerializer.Serialize(agent, Json), passwordHash, by, at, fence, ct);

    public Task<long> SaveCalendarAsync(string tenantId, TenantCalendarConfiguration calendar, string by, DateTimeOffset at, CancellationToken ct,
        LeaseTerm? fence = null) =>
        SaveAsync("calendar", tenantId, JsonSerializer.Serialize(calendar, Json), null, by, at, fence, ct);

    private Task<long> SaveAsync(string kind, string id, string definition, string? passwordHash, string by, DateTimeOffset at, LeaseTerm? fence,
        CancellationToken ct) =>
        database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            await RoutingLease.GuardAsync(c, transaction, fence);
            // Each partition's active process writes its admin changes: they take turns for the next version (SQLite has one writer).
            if (database.Provider == DatabaseProvider.Postgres)
                await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('centre_item'))", transaction: transaction);
            var version = 1 + await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM centre_item", transaction: transaction);
            await c.ExecuteAsync("""
                INSERT INTO centre_item (kind, item_id, version, definition, password_hash, changed_by, changed_at)
                     VALUES (@kind, @id, @version, @definition, @passwordHash, @by, @at)
                ON CONFLICT (kind, item_id) DO UPDATE
                        SET version = excluded.version, definition = excluded.definition,
                            password_hash = COALESCE(excluded.password_hash, centre_item.password_hash),
                            changed_by = excluded.changed_by, changed_at = excluded.changed_at
                """, new { kind, id, version, definition, passwordHash, by, at = at.ToUnixTimeMilliseconds() }, transaction);
            await transaction.CommitAsync(token);
            return version;
        }, ct).AsTask();

    private sealed class Row
    {
        public string Kind { get; set; } = "";
        public string ItemId { get; set; } = "";
        public long Version { get; set; }
        public string Definition { get; set; } = "";
        public string? PasswordHash { get; set; }
        public string ChangedBy { get; set; } = "";
        public long ChangedAt { get; set; }
    }

    /// <summary>Every stored queue and agent, oldest change first (the order they can be applied in).</summary>
    public Task<IReadOnlyList<StoredCentreItem>> ListAsync(CancellationToken ct) =>
        database.RunAsync<IReadOnlyList<StoredCentreItem>>(async (c, _) =>
        {
            var rows = await c.QueryAsync<Row>("""
                SELECT kind AS Kind, item_id AS ItemId, version AS Version, definition AS Definition, password_hash AS PasswordHash,
                       changed_by AS ChangedBy, changed_at AS ChangedAt
                  FROM centre_item
                 ORDER BY version
                """);
            return rows.Select(r => new StoredCentreItem(r.Version,
                    r.Kind == "queue" ? JsonSerializer.Deserialize<QueueConfiguration>(r.Definition, Json) : null,
                    r.Kind == "agent" ? JsonSerializer.Deserialize<AgentDefinition>(r.Definition, Json) : null,
                    r.PasswordHash, r.ChangedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.ChangedAt))
                {
                    CalendarTenantId = r.Kind == "calendar" ? r.ItemId : null,
                    Calendar = r.Kind == "calendar" ? JsonSerializer.Deserialize<TenantCalendarConfiguration>(r.Definition, Json) : null,
                })
                .ToList();
        }, ct).AsTask();
}
