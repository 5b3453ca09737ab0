using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Privacy;

/// <summary>Includes the after-call work leg an agent's stored state may still name, and the PBX's call ids kept for repeated posts.</summary>
public sealed class TenantErasureStore(ModuleDatabase<RoutingModule> database)
{
    public async Task<IReadOnlyDictionary<string, int>> EraseTenantAsync(string tenantId, CancellationToken ct) =>
        await database.RunAsync<IReadOnlyDictionary<string, int>>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var agentCalls = await c.ExecuteAsync(
                "UPDATE agent_state SET call_id = NULL WHERE call_id IN (SELECT call_id FROM routing_call WHERE tenant_id = @TenantId)",
                new { TenantId = tenantId }, transaction);
            var calls = await c.ExecuteAsync("DELETE FROM routing_call WHERE tenant_id = @TenantId", new { TenantId = tenantId }, transaction);
            // Every call event names its tenant as "tenantId" in the stored JSON; an exact test, not LIKE, as ids may hold '_'.
            var events = await c.ExecuteAsync("DELETE FROM routing_outbox WHERE replace(body, @Needle, '') <> body",
                new { Needle = $"\"tenantId\":\"{System.Text.Json.JsonEncodedText.Encode(tenantId)}\"" }, transaction);
            var agents = await c.ExecuteAsync("""
                UPDATE agent_state
                   SET wrap_call_id = NULL, wrap_tenant_id = NULL, wrap_queue_id = NULL, wrap_queued_at = NULL,
                       wrap_started_at = NULL, wrap_ends_at = NULL, wrap_answered_at = NULL, wrap_talk_seconds = NULL,
                       wrap_hold_seconds = NULL, wrap_ended_by = NULL, wrap_disposition = NULL
                 WHERE wrap_tenant_id = @TenantId
                """, new { TenantId = tenantId }, transaction);
            var pbxCalls = await c.ExecuteAsync("DELETE FROM pbx_call WHERE tenant_id = @TenantId", new { TenantId = tenantId }, transaction);
            var callbacks = await c.ExecuteAsync("DELETE FROM callback_number WHERE tenant_id = @TenantId", new { TenantId = tenantId }, transaction) +
                            await c.ExecuteAsync("DELETE FROM callback_attempt WHERE tenant_id = @TenantId", new { TenantId = tenantId }, transaction);
            var transcripts = await c.ExecuteAsync("DELETE FROM contact_message WHERE tenant_id = @TenantId", new { TenantId = tenantId }, transaction);
            await transaction.CommitAsync(token);
            return new Dictionary<string, int>
            {
                ["storedCalls"] = calls, ["pendingEvents"] = events, ["agentWrapUps"] = agents + agentCalls, ["pbxCallIds"] = pbxCalls,
                ["callbacks"] = callbacks, ["transcriptMessages"] = transcripts,
            };
        }, ct);
}
