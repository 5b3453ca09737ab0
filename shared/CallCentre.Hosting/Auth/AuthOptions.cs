namespace CallCentre.Hosting.Auth;

/// <summary>Bound from <c>Auth</c>; docs/security.md says which combinations a process accepts at start.</summary>
public sealed class AuthOptions
{
    /// <summary>An OpenID Connect provider's address. When set, tokens come from it and the embedded issuer is off.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "callcentre";
    public string Issuer { get; set; } = "callcentre";

    /// <summary>The embedded issuer's private key: an EC P-256 key in PEM (PKCS#8). Unset, with no verification keys,
    /// in a single process: a random key per start.</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    /// <summary>Public keys this process also accepts (a JWKS document or PEM public keys): the signer's in a
    /// process that only verifies, the previous signer's during a rotation.</summary>
    public string? VerificationKeys { get; set; }

    public string? VerificationKeysFile { get; set; }

    /// <summary>The built-in demo users (admin, supervisor, pbx, the agents, <c>client-&lt;tenant&gt;</c>).
    /// Unset: on in the Development environment only.</summary>
    public bool? DemoUsers { get; set; }

    /// <summary>The demo users' password; outside Development it must be set, not <c>demo</c>, and long enough.</summary>
    public string DemoPassword { get; set; } = "demo";

    /// <summary>A JSON file of operator users with PBKDF2 password hashes (see <see cref="UserFile"/>).</summary>
    public string? UsersFile { get; set; }

    public double TokenLifetimeMinutes { get; set; } = 15;
    public double RefreshTokenLifetimeMinutes { get; set; } = 480;

    /// <summary>Sign-in and refresh attempts one client address may make per minute.</summary>
    public int AttemptsPerAddressPerMinute { get; set; } = 300;

    /// <summary>Failed sign-ins one user name may have per minute before it is refused for the rest of the minute.</summary>
    public int FailuresPerUserPerMinute { get; set; } = 10;
}
