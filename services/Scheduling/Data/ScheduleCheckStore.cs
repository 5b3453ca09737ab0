using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

public sealed class ScheduleCheckStore(ModuleDatabase<SchedulingModule> database)
{
    public async Task SaveAsync(Guid id, string tenantId, DateTimeOffset at, string by, string result, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO schedule_check (id, tenant_id, checked_at, checked_by, result)
                 VALUES (@Id, @TenantId, @At, @By, @Result)
            """, new { Id = id.ToString("D"), TenantId = tenantId, At = at.ToUnixTimeMilliseconds(), By = by, Result = result }), ct);

    /// <summary>Null when absent or of a tenant not in <paramref name="tenants"/>.</summary>
    public async Task<string?> FindAsync(Guid id, IReadOnlyCollection<string> tenants, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string TenantId, string Result)>("""
            SELECT tenant_id, result
              FROM schedule_check
             WHERE id = @Id
            """, new { Id = id.ToString("D") }), ct);
        return rows.FirstOrDefault() is { TenantId: { } tenant, Result: var result } && tenants.Contains(tenant) ? result : null;
    }
}
