namespace CallCentre.Hosting.Auth;

/// <summary>Bound from <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>An OpenID Connect provider's address. When set, tokens come from it and the demo users are off.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "callcentre";
    public string Issuer { get; set; } = "callcentre";

    /// <summary>The HMAC key of the embedded token issuer; every process of one deployment shares it.
    /// Unset in a single process: a random key per start.</summary>
    public string? SigningKey { get; set; }

    public string DemoPassword { get; set; } = "demo";
    public int TokenLifetimeMinutes { get; set; } = 480;
}
