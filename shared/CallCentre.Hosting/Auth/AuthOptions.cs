namespace CallCentre.Hosting.Auth;

/// <summary>Bound from <c>Auth</c>; docs/security.md says which combinations a process accepts at start.</summary>
public sealed class AuthOptions
{
    /// <summary>An OpenID Connect provider's address. When set, tokens come from it and the embedded issuer is off.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "callcentre";
    public string Issuer { get; set; } = "callcentre";

    /// <summary>EC P-256 in PEM (PKCS#8); unset in a single process without verification keys: random.</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    /// <summary>The signer's, in a process that only verifies; the previous signer's during a rotation.</summary>
    public string? VerificationKeys { get; set; }

    public string? VerificationKeysFile { get; set; }

    public bool? DemoUsers { get; set; }

    public string DemoPassword { get; set; } = "demo";

    public string? UsersFile { get; set; }

    public double TokenLifetimeMinutes { get; set; } = 15;
    public double RefreshTokenLifetimeMinutes { get; set; } = 480;

    public int AttemptsPerAddressPerMinute { get; set; } = 300;

    public int FailuresPerUserPerMinute { get; set; } = 10;
}
