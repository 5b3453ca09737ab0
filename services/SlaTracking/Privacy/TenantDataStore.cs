using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Privacy;

/// <summary>Also the live alert states, alerts not yet published, and the tenant's entry in agents' tenant lists.</summary>
public sealed class TenantDataStore(ModuleDatabase<SlaTrackingModule> database)
{
    /// <summary>In one transaction; a second call answers 0 everywhere.</summary>
    public async Task<IReadOnlyDictionary<string, int>> EraseTenantAsync(string tenantId, CancellationToken ct) =>
        await database.RunAsync<IReadOnlyDictionary<string, int>>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var p = new { TenantId = tenantId, Entry = $",{tenantId}," };
            var removed = new Dictionary<string, int>
            {
                ["agentOffers"] = await c.ExecuteAsync("DELETE FROM agent_offer WHERE tenant_id = @TenantId", p, transaction),
                ["callLegs"] = await c.ExecuteAsync("DELETE FROM call_leg WHERE tenant_id = @TenantId", p, transaction),
                ["callRecords"] = await c.ExecuteAsync("DELETE FROM call_record WHERE tenant_id = @TenantId", p, transaction),
                ["bucketSummaries"] = await c.ExecuteAsync("DELETE FROM call_bucket_summary WHERE tenant_id = @TenantId", p, transaction),
                ["contracts"] = await c.ExecuteAsync("DELETE FROM sla_contract WHERE tenant_id = @TenantId", p, transaction),
                ["reportAccesses"] = await c.ExecuteAsync("DELETE FROM report_access WHERE tenant_id = @TenantId", p, transaction),
                ["alertStates"] = await c.ExecuteAsync("DELETE FROM sla_alert_state WHERE tenant_id = @TenantId", p, transaction),
                ["pendingAlerts"] = await c.ExecuteAsync("DELETE FROM alert_outbox WHERE tenant_id = @TenantId", p, transaction),
                ["monthlyPackFiles"] = await c.ExecuteAsync("DELETE FROM monthly_pack_file WHERE tenant_id = @TenantId", p, transaction),
                ["monthlyPacks"] = await c.ExecuteAsync("DELETE FROM monthly_pack WHERE tenant_id = @TenantId", p, transaction),
                ["webhooks"] = await c.ExecuteAsync("DELETE FROM webhook_subscription WHERE tenant_id = @TenantId", p, transaction),
                ["webhookDeliveries"] = await c.ExecuteAsync("DELETE FROM webhook_delivery WHERE tenant_id = @TenantId", p, transaction),
                ["webhookAttempts"] = await c.ExecuteAsync("DELETE FROM webhook_attempt WHERE tenant_id = @TenantId", p, transaction),
                ["deliverySchedules"] = await c.ExecuteAsync("DELETE FROM delivery_schedule WHERE tenant_id = @TenantId", p, transaction),
                ["deliveries"] = await c.ExecuteAsync("DELETE FROM delivery WHERE tenant_id = @TenantId", p, transaction),
                ["deliveryAttempts"] = await c.ExecuteAsync("DELETE FROM delivery_attempt WHERE tenant_id = @TenantId", p, transaction),
                ["reportClients"] = await c.ExecuteAsync("DELETE FROM report_client WHERE tenant_id = @TenantId", p, transaction),
                // Stored as ',tenant-a,tenant-b,': the agent's own state stays, only the tenant leaves the list.
                ["agentTenantLists"] = await c.ExecuteAsync(
                    "UPDATE agent_state_change SET tenant_ids = replace(tenant_ids, @Entry, ',') WHERE replace(tenant_ids, @Entry, ',') <> tenant_ids",
                    p, transaction),
            };
            await c.ExecuteAsync("DELETE FROM agent_bucket_calls WHERE tenant_id = @TenantId", p, transaction);
            await c.ExecuteAsync("DELETE FROM agent_hour_calls WHERE tenant_id = @TenantId", p, transaction);
            await c.ExecuteAsync("DELETE FROM agent_day_calls WHERE tenant_id = @TenantId", p, transaction);
            // Packed again from the rows by AgentDayZoneKeeper; until then the report reads the rows.
            await c.ExecuteAsync("DELETE FROM agent_packed_calls; DELETE FROM agent_packed_state; DELETE FROM agent_packed_through", p, transaction);
            await c.ExecuteAsync(
                "UPDATE agent_last_state SET tenant_ids = replace(tenant_ids, @Entry, ',') WHERE replace(tenant_ids, @Entry, ',') <> tenant_ids",
                p, transaction);
            // State sums are keyed by tenant list: rows whose lists become equal are merged.
            foreach (var (table, key, sums) in new[]
                     {
                         ("agent_bucket_state", "bucket, agent_id, tenant_ids", new[] { "logged_in_ms", "staffed_ms", "busy_ms" }),
                         ("agent_hour_state", "bucket, agent_id, tenant_ids", new[] { "logged_in_ms", "staffed_ms", "busy_ms" }),
                         ("agent_day_state", "bucket, agent_id, tenant_ids", new[] { "logged_in_ms", "staffed_ms", "busy_ms" }),
                         ("agent_bucket_not_ready", "bucket, agent_id, tenant_ids, reason", new[] { "ms" }),
                     })
            {
                var others = key.Replace("tenant_ids", "replace(tenant_ids, @Entry, ',')");
                await c.ExecuteAsync($"""
                    INSERT INTO {table} ({key}, {string.Join(", ", sums)})
                    SELECT {others}, {string.Join(", ", sums.Select(s => $"sum({s})"))}
                      FROM {table}
                     WHERE replace(tenant_ids, @Entry, ',') <> tenant_ids
                     GROUP BY {others}
                    ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", sums.Select(s => $"{s} = {table}.{s} + excluded.{s}"))}
                    """, p, transaction);
                await c.ExecuteAsync($"DELETE FROM {table} WHERE replace(tenant_ids, @Entry, ',') <> tenant_ids", p, transaction);
            }
            await transaction.CommitAsync(token);
            return removed;
        }, ct);
}
