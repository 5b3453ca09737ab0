using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Privacy;

/// <summary>Schedules are per agent and name no tenant.</summary>
public sealed class TenantDataStore(ModuleDatabase<SchedulingModule> database)
{
    /// <summary>In one transaction; a second call answers 0 everywhere.</summary>
    public async Task<IReadOnlyDictionary<string, int>> EraseTenantAsync(string tenantId, CancellationToken ct) =>
        await database.RunAsync<IReadOnlyDictionary<string, int>>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var p = new { TenantId = tenantId, Entry = $",{tenantId}," };
            // Stored as 'tenant-a,tenant-b': compared and cut with commas around, so 't1' never matches inside 't10'.
            var listed = "',' || tenant_ids || ','";
            var removed = new Dictionary<string, int>
            {
                ["callLegs"] = await c.ExecuteAsync("DELETE FROM call_leg WHERE tenant_id = @TenantId", p, transaction),
                ["callArrivals"] = await c.ExecuteAsync("DELETE FROM call_arrival WHERE tenant_id = @TenantId", p, transaction),
                ["agentTenantLists"] = await c.ExecuteAsync(
                    $"UPDATE agent_state_change SET tenant_ids = trim(replace({listed}, @Entry, ','), ',') WHERE replace({listed}, @Entry, ',') <> {listed}", p, transaction),
            };
            await transaction.CommitAsync(token);
            return removed;
        }, ct);
}
