using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Telephony;

/// <summary>The number a callback dials, sealed under the tenant's key and bound to its call id.</summary>
public sealed class CallbackNumberVault(TenantSeal seal, ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    private const string Purpose = "callback-number";

    /// <summary>The first number kept for the call stays (a repeated request changes nothing).</summary>
    public async Task KeepAsync(string tenantId, Guid callId, string number, CancellationToken ct = default)
    {
        var sealedNumber = await seal.SealAsync(tenantId, Purpose, callId.ToString(), CallerNumberHasher.Normalise(number), ct);
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO callback_number (call_id, tenant_id, sealed, created_at)
                 VALUES (@CallId, @TenantId, @Sealed, @At)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = callId.ToString(), TenantId = tenantId, Sealed = sealedNumber,
                At = time.GetUtcNow().ToUnixTimeMilliseconds() }), ct);
    }

    /// <summary>Null once erased (or never kept, or the tenant's key shredded).</summary>
    public async Task<string?> OpenAsync(string tenantId, Guid callId, CancellationToken ct = default)
    {
        var stored = await database.RunAsync((c, _) => c.ExecuteScalarAsync<string?>(
            "SELECT sealed FROM callback_number WHERE call_id = @CallId AND tenant_id = @TenantId",
            new { CallId = callId.ToString(), TenantId = tenantId }), ct);
        return stored is null ? null : await seal.OpenAsync(tenantId, Purpose, callId.ToString(), stored, ct);
    }

    public async Task<int> ForgetAsync(Guid callId, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM callback_number WHERE call_id = @CallId",
            new { CallId = callId.ToString() }), ct);
}
