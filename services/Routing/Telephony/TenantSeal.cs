using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;

namespace CallCentre.Routing.Telephony;

/// <summary>Personal data sealed (AES-GCM) under a key derived like the caller-hash key, one per tenant and purpose: the tenant's
/// salt shredded, nothing sealed for it opens again. Each value is bound to what it belongs to (a call, a message), so a sealed
/// value moved elsewhere does not open.</summary>
public sealed class TenantSeal(byte[] masterKey, CallerHashSaltStore salts)
{
    public async Task<string> SealAsync(string tenantId, string purpose, string boundTo, string plain, CancellationToken ct = default) =>
        Sealing.Seal(await KeyAsync(tenantId, purpose, ct), boundTo, plain);

    /// <summary>Null when the value does not open: the tenant's key shredded, or the value moved from what it was bound to.</summary>
    public async Task<string?> OpenAsync(string tenantId, string purpose, string boundTo, string sealedValue, CancellationToken ct = default) =>
        Sealing.Open(await KeyAsync(tenantId, purpose, ct), boundTo, sealedValue);

    private async Task<byte[]> KeyAsync(string tenantId, string purpose, CancellationToken ct) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, await salts.GetOrCreateAsync(tenantId, ct),
            Encoding.UTF8.GetBytes($"callcentre/{purpose}/{tenantId}"));
}
