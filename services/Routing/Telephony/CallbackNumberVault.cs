using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Telephony;

/// <summary>The number a callback dials, sealed (AES-GCM) under a key derived like the caller-hash key: the tenant's salt
/// shredded, the number is unreadable. Bound to its call id, so a sealed value moved to another call does not open.</summary>
public sealed class CallbackNumberVault(byte[] masterKey, CallerHashSaltStore salts, ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The first number kept for the call stays (a repeated request changes nothing).</summary>
    public async Task KeepAsync(string tenantId, Guid callId, string number, CancellationToken ct = default)
    {
        var key = await KeyAsync(tenantId, ct);
        var plain = Encoding.UTF8.GetBytes(CallerNumberHasher.Normalise(number));
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Bound(callId));
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO callback_number (call_id, tenant_id, sealed, created_at)
                 VALUES (@CallId, @TenantId, @Sealed, @At)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = callId.ToString(), TenantId = tenantId, Sealed = Convert.ToBase64String(sealedBytes),
                At = time.GetUtcNow().ToUnixTimeMilliseconds() }), ct);
    }

    /// <summary>Null once erased (or never kept, or the tenant's key shredded).</summary>
    public async Task<string?> OpenAsync(string tenantId, Guid callId, CancellationToken ct = default)
    {
        var stored = await database.RunAsync((c, _) => c.ExecuteScalarAsync<string?>(
            "SELECT sealed FROM callback_number WHERE call_id = @CallId AND tenant_id = @TenantId",
            new { CallId = callId.ToString(), TenantId = tenantId }), ct);
        if (stored is null) return null;
        var sealedBytes = Convert.FromBase64String(stored);
        var length = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(await KeyAsync(tenantId, ct), TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain,
                Bound(callId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    public async Task<int> ForgetAsync(Guid callId, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM callback_number WHERE call_id = @CallId",
            new { CallId = callId.ToString() }), ct);

    private async Task<byte[]> KeyAsync(string tenantId, CancellationToken ct) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, await salts.GetOrCreateAsync(tenantId, ct),
            Encoding.UTF8.GetBytes("callcentre/callback-number/" + tenantId));

    private static byte[] Bound(Guid callId) => Encoding.UTF8.GetBytes(callId.ToString());
}
