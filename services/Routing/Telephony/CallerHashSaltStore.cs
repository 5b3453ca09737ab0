using System.Security.Cryptography;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Telephony;

/// <summary>In the database, so that every Routing process and every restart derive the same key.</summary>
public sealed class CallerHashSaltStore(ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    /// <summary>Two processes racing both read the one stored first.</summary>
    public async Task<byte[]> GetOrCreateAsync(string tenantId, CancellationToken ct = default)
    {
        var candidate = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var stored = await database.RunAsync(async (c, _) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO caller_hash_salt (tenant_id, salt, created_at)
                VALUES (@TenantId, @Salt, @At)
                ON CONFLICT (tenant_id) DO NOTHING
                """, new { TenantId = tenantId, Salt = candidate, At = time.GetUtcNow().ToUnixTimeMilliseconds() });
            return await c.ExecuteScalarAsync<string>("SELECT salt FROM caller_hash_salt WHERE tenant_id = @TenantId", new { TenantId = tenantId });
        }, ct);
        return Convert.FromHexString(stored!);
    }

    public async Task<int> DeleteAsync(string tenantId, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM caller_hash_salt WHERE tenant_id = @TenantId", new { TenantId = tenantId }), ct);
}
