using System.Security.Cryptography;
using CallCentre.Hosting.Auth;

namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>The pack signer and the keys packs verify against. A key's id is the SHA-256 (hex) of its public key in DER
/// (SubjectPublicKeyInfo), which <c>openssl pkey -pubin -outform DER | sha256sum</c> reproduces offline.</summary>
public sealed class PackSigningKeys
{
    private readonly IReadOnlyDictionary<string, ECDsa> _byId;

    private PackSigningKeys(ECDsa? signer, IEnumerable<ECDsa> verification)
    {
        Signer = signer;
        SignerId = signer is null ? null : IdOf(signer);
        _byId = verification.GroupBy(IdOf).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>Null in a process that must share a key with others and was given none: it verifies but cannot issue.</summary>
    public ECDsa? Signer { get; }

    public string? SignerId { get; }

    public IEnumerable<(string KeyId, string PublicKeyPem, bool Current)> Keys =>
        _byId.Select(k => (k.Key, k.Value.ExportSubjectPublicKeyInfoPem() + "\n", k.Key == SignerId));

    public ECDsa? Find(string keyId) => _byId.GetValueOrDefault(keyId);

    /// <summary>Reads the keys with the token keys' rules (P-256, PKCS#8, generated not typed); no key and
    /// <paramref name="allowEphemeral"/>: a random one.</summary>
    public static PackSigningKeys Load(PackOptions options, bool allowEphemeral)
    {
        var configured = !string.IsNullOrWhiteSpace(options.SigningKey) || !string.IsNullOrWhiteSpace(options.SigningKeyFile);
        SigningKeys keys;
        try
        {
            keys = SigningKeys.Load(new AuthOptions
            {
                SigningKey = options.SigningKey, SigningKeyFile = options.SigningKeyFile,
                VerificationKeys = options.VerificationKeys, VerificationKeysFile = options.VerificationKeysFile,
            }, allowEphemeral: true);
        }
        catch (InvalidOperationException e)
        {
            // The token keys' messages name the Auth section; these settings live under Packs.
            throw new InvalidOperationException(e.Message.Replace("Auth:", "Packs:", StringComparison.Ordinal), e);
        }
        // Separate processes must share the key: a random one would sign packs that no other process verifies.
        var dropped = configured || allowEphemeral ? null : keys.Signer?.ECDsa;
        var verification = keys.Verification.Select(k => k.ECDsa).Where(k => dropped is null || IdOf(k) != IdOf(dropped));
        return new PackSigningKeys(dropped is null ? keys.Signer?.ECDsa : null, verification);
    }

    public static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}
