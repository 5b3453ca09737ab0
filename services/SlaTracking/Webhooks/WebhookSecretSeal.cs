using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>Signing secrets sealed at rest (AES-GCM) under a key per tenant derived from the module's master key, each bound to its
/// webhook: a sealed secret copied to another webhook or tenant does not open.</summary>
public sealed class WebhookSecretSeal(Lazy<byte[]> masterKey)
{
    public string Seal(string tenantId, Guid webhookId, string secret) => Sealing.Seal(Key(tenantId), webhookId.ToString(), secret);

    /// <summary>Null when it does not open (another key, or moved from its webhook).</summary>
    public string? Open(string tenantId, Guid webhookId, string sealedValue) => Sealing.Open(Key(tenantId), webhookId.ToString(), sealedValue);

    private byte[] Key(string tenantId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Value, 32, info: Encoding.UTF8.GetBytes("callcentre/webhook-secret/" + tenantId));
}
