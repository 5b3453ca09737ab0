using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

/// <summary>ES256 keys, each named by its <c>kid</c> (the key's RFC 7638 thumbprint).</summary>
public sealed class SigningKeys
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private SigningKeys(ECDsaSecurityKey? signer, IReadOnlyList<ECDsaSecurityKey> verification)
    {
        Signer = signer;
        Verification = verification;
    }

    public ECDsaSecurityKey? Signer { get; }

    public IReadOnlyList<ECDsaSecurityKey> Verification { get; }

    /// <summary>Throws saying what to fix; no key and <paramref name="allowEphemeral"/>: a random one.</summary>
    public static SigningKeys Load(AuthOptions options, bool allowEphemeral)
    {
        var privatePem = Read(options.SigningKey, options.SigningKeyFile, "Auth:SigningKey", "Auth:SigningKeyFile");
        var publicText = Read(options.VerificationKeys, options.VerificationKeysFile, "Auth:VerificationKeys", "Auth:VerificationKeysFile");
        var verification = publicText is null ? [] : ParsePublicKeys(publicText);

        ECDsaSecurityKey? signer = null;
        if (privatePem is not null)
            signer = ParsePrivateKey(privatePem);
        else if (verification.Count == 0)
        {
            if (!allowEphemeral)
                throw new InvalidOperationException(
                    "No token key: set Auth:SigningKeyFile (an EC P-256 private key, PEM PKCS#8, in the processes that issue tokens) " +
                    "and Auth:VerificationKeysFile (the public keys, in the others), or set Auth:Authority.");
            signer = Named(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        }

        var keys = new List<ECDsaSecurityKey>();
        if (signer is not null)
            keys.Add(PublicOf(signer));
        keys.AddRange(verification.Where(k => keys.All(known => known.KeyId != k.KeyId)));
        return new SigningKeys(signer, keys);
    }

    public static string NewPrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string PublicJwksOf(string privateKeyPem) => ToJwks([PublicOf(ParsePrivateKey(privateKeyPem))]);

    public string Jwks => ToJwks(Verification);

    private static string ToJwks(IEnumerable<ECDsaSecurityKey> keys) => JsonSerializer.Serialize(new
    {
        keys = keys.Select(k =>
        {
            var p = k.ECDsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = k.KeyId,
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            };
        }),
    });

    private static string? Read(string? inline, string? file, string inlineName, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(inline) && !string.IsNullOrWhiteSpace(file))
            throw new InvalidOperationException($"Set {inlineName} or {fileName}, not both.");
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"{fileName}: no file at '{file}'.");
            return File.ReadAllText(file);
        }
        return string.IsNullOrWhiteSpace(inline) ? null : inline;
    }

    private static ECDsaSecurityKey ParsePrivateKey(string pem)
    {
        const string expected = "Auth:SigningKey must be an EC P-256 private key in PEM (PKCS#8, \"-----BEGIN PRIVATE KEY-----\"), " +
                                "e.g. from `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`";
        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
            throw new InvalidOperationException($"{expected}; the value given is not PEM (a placeholder or an old HMAC key?).");
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{expected}; it could not be read: {e.Message}");
        }
        ECParameters parameters;
        try
        {
            parameters = ecdsa.ExportParameters(true);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{expected}; the PEM holds a public key only.");
        }
        if (parameters.Curve.Oid?.Value != P256Oid && parameters.Curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{expected}; this key is on another curve.");
        }
        // A 256-bit private scalar drawn at random has about 28 distinct byte values; a handful means a made-up key.
        if (parameters.D!.Distinct().Count() < 16)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{expected}; this one has too little entropy (generate it, do not type it).");
        }
        return Named(ecdsa);
    }

    private static List<ECDsaSecurityKey> ParsePublicKeys(string text)
    {
        var keys = new List<ECDsaSecurityKey>();
        if (text.TrimStart().StartsWith('{'))
        {
            JsonWebKeySet set;
            try { set = new JsonWebKeySet(text); }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                throw new InvalidOperationException($"Auth:VerificationKeys is not a JWKS document: {e.Message}");
            }
            foreach (var jwk in set.Keys)
            {
                if (jwk.Kty != "EC" || jwk.Crv != "P-256" || string.IsNullOrEmpty(jwk.X) || string.IsNullOrEmpty(jwk.Y))
                    throw new InvalidOperationException($"Auth:VerificationKeys: key '{jwk.Kid}' is not an EC P-256 public key.");
                if (!string.IsNullOrEmpty(jwk.D))
                    throw new InvalidOperationException($"Auth:VerificationKeys: key '{jwk.Kid}' holds a private key; publish public keys only.");
                var ecdsa = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                });
                keys.Add(Named(ecdsa));
            }
        }
        else
        {
            const string begin = "-----BEGIN PUBLIC KEY-----";
            foreach (var block in text.Split(begin, StringSplitOptions.RemoveEmptyEntries).Where(b => b.Contains("-----END")))
            {
                var ecdsa = ECDsa.Create();
                try { ecdsa.ImportFromPem(begin + block); }
                catch (Exception e) when (e is CryptographicException or ArgumentException)
                {
                    throw new InvalidOperationException($"Auth:VerificationKeys: a PEM public key could not be read as EC P-256: {e.Message}");
                }
                if (ecdsa.KeySize != 256)
                    throw new InvalidOperationException("Auth:VerificationKeys: a PEM public key is not on P-256.");
                keys.Add(Named(ecdsa));
            }
        }
        if (keys.Count == 0)
            throw new InvalidOperationException("Auth:VerificationKeys holds no key (expected a JWKS document or PEM \"-----BEGIN PUBLIC KEY-----\" blocks).");
        return keys;
    }

    private static ECDsaSecurityKey PublicOf(ECDsaSecurityKey key)
    {
        var publicOnly = ECDsa.Create(key.ECDsa.ExportParameters(false));
        return new ECDsaSecurityKey(publicOnly) { KeyId = key.KeyId };
    }

    private static ECDsaSecurityKey Named(ECDsa ecdsa)
    {
        var key = new ECDsaSecurityKey(ecdsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
