using System.Security.Cryptography;
using System.Text;

namespace CallCentre.Routing.Telephony;

/// <summary>Personal data sealed (AES-GCM) under a key derived like the caller-hash key, one per tenant and purpose: the tenant's
/// salt shredded, nothing sealed for it opens again. Each value is bound to what it belongs to (a call, a message), so a sealed
/// value moved elsewhere does not open.</summary>
public sealed class TenantSeal(byte[] masterKey, CallerHashSaltStore salts)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task<string> SealAsync(string tenantId, string purpose, string boundTo, string plain, CancellationToken ct = default)
    {
        var key = await KeyAsync(tenantId, purpose, ct);
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize, plainBytes.Length), sealedBytes.AsSpan(NonceSize + plainBytes.Length),
                Encoding.UTF8.GetBytes(boundTo));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Null when the value does not open: the tenant's key shredded, or the value moved from what it was bound to.</summary>
    public async Task<string?> OpenAsync(string tenantId, string purpose, string boundTo, string sealedValue, CancellationToken ct = default)
    {
        var sealedBytes = Convert.FromBase64String(sealedValue);
        var length = sealedBytes.Length - NonceSize - TagSize;
        if (length < 0) return null;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(await KeyAsync(tenantId, purpose, ct), TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain,
                Encoding.UTF8.GetBytes(boundTo));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    private async Task<byte[]> KeyAsync(string tenantId, string purpose, CancellationToken ct) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, await salts.GetOrCreateAsync(tenantId, ct),
            Encoding.UTF8.GetBytes($"callcentre/{purpose}/{tenantId}"));
}
