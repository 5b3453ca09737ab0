using System.Text.Json;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Privacy;

internal sealed class PrivacyStore(ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    public async Task<(int StoredCalls, int PendingEvents)> EraseCallerHashAsync(string tenantId, string callerHash, CancellationToken ct) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var calls = await c.ExecuteAsync(
                "UPDATE routing_call SET caller_hash = '' WHERE tenant_id = @TenantId AND caller_hash = @CallerHash",
                new { TenantId = tenantId, CallerHash = callerHash }, transaction);
            // The hash is 64 hex digits: no LIKE wildcard can be in it.
            var events = await c.ExecuteAsync(
                "UPDATE routing_outbox SET body = replace(body, @CallerHash, '') WHERE body LIKE '%' || @CallerHash || '%'",
                new { CallerHash = callerHash }, transaction);
            await transaction.CommitAsync(token);
            return (calls, events);
        }, ct);

    /// <summary>Counts only, never the erased value.</summary>
    public async Task AuditAsync(string actor, string action, string tenantId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> removed,
        CancellationToken ct) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO privacy_audit (at, actor, action, tenant_id, removed)
            VALUES (@At, @Actor, @Action, @TenantId, @Removed)
            """, new
        {
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Actor = actor.Length > 128 ? actor[..128] : actor,
            Action = action,
            TenantId = tenantId,
            Removed = JsonSerializer.Serialize(removed),
        }), ct);

    public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string TenantId, string Removed);

    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(int limit, CancellationToken ct) =>
        await database.RunAsync<IReadOnlyList<AuditEntry>>(async (c, _) =>
            (await c.QueryAsync<(long At, string Actor, string Action, string TenantId, string Removed)>("""
                SELECT at AS At, actor AS Actor, action AS Action, tenant_id AS TenantId, removed AS Removed
                  FROM privacy_audit
                 ORDER BY id DESC
                 LIMIT @Limit
                """, new { Limit = limit }))
            .Select(r => new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Actor, r.Action, r.TenantId, r.Removed)).ToList(), ct);
}
