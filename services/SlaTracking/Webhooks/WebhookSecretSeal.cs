using System.Security.Cryptography;
using System.Text;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>Signing secrets sealed at rest (AES-GCM) under a key per tenant derived from the module's master key, each bound to its
/// webhook: a sealed secret copied to another webhook or tenant does not open.</summary>
public sealed class WebhookSecretSeal(Lazy<byte[]> masterKey)
{
    private const int NonceSize = 12, TagSize = 16;

    public string Seal(string tenantId, Guid webhookId, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(Key(tenantId), TagSize))
            aes.Encrypt(sealedBytes.AsSpan(0, NonceSize), plain, sealedBytes.AsSpan(NonceSize, plain.Length),
                sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(webhookId.ToString()));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Null when it does not open (another key, or moved from its webhook).</summary>
    public string? Open(string tenantId, Guid webhookId, string sealedValue)
    {
        var sealedBytes = Convert.FromBase64String(sealedValue);
        var length = sealedBytes.Length - NonceSize - TagSize;
        if (length < 0)
            return null;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(Key(tenantId), TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain,
                Encoding.UTF8.GetBytes(webhookId.ToString()));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Key(string tenantId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Value, 32, info: Encoding.UTF8.GetBytes("callcentre/webhook-secret/" + tenantId));
}
