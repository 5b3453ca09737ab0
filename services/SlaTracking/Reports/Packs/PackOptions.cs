namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>Bound from <c>Packs</c>: the monthly packs' signing key, given like the token key (<c>Auth:SigningKey</c>), see docs/packs.md.</summary>
public sealed class PackOptions
{
    /// <summary>EC P-256 in PEM (PKCS#8); unset in a single process: a random key made at start.</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    /// <summary>Public keys (PEM blocks or a JWKS document) of earlier signers, whose packs still verify after a rotation.</summary>
    public string? VerificationKeys { get; set; }

    public string? VerificationKeysFile { get; set; }
}
