using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

/// <summary>Short access tokens, and refresh tokens that only <c>POST /api/auth/refresh</c> accepts.</summary>
public sealed class TokenIssuer(AuthOptions options, SigningKeys keys, TimeProvider time)
{
    public const string RefreshTokenType = "rt+jwt";

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.TokenLifetimeMinutes);
    public TimeSpan RefreshLifetime => TimeSpan.FromMinutes(options.RefreshTokenLifetimeMinutes);

    /// <summary>Not the API's audience, so the API refuses refresh tokens as access tokens.</summary>
    public string RefreshAudience => options.Audience + ":refresh";

    public string Issue(string subject, IEnumerable<Claim> claims) =>
        Sign(subject, claims.Append(new Claim(CallCentreClaims.Name, subject)), options.Audience, Lifetime, JwtConstants.HeaderType);

    /// <summary>The name only: the claims are read again at refresh.</summary>
    public string IssueRefresh(string subject) => Sign(subject, [], RefreshAudience, RefreshLifetime, RefreshTokenType);

    public async Task<string?> ReadRefreshAsync(string token)
    {
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = RefreshAudience,
            IssuerSigningKeys = keys.Verification,
            ValidTypes = [RefreshTokenType],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => ValidLifetime(time, notBefore, expires),
        });
        return result.IsValid ? result.ClaimsIdentity.FindFirst(CallCentreClaims.Subject)?.Value : null;
    }

    internal static bool ValidLifetime(TimeProvider time, DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var skew = TimeSpan.FromSeconds(30);
        return expires is { } e && now < e + skew && (notBefore is not { } n || n - skew <= now);
    }

    private string Sign(string subject, IEnumerable<Claim> claims, string audience, TimeSpan lifetime, string type)
    {
        var signer = keys.Signer ?? throw new InvalidOperationException("This process only verifies tokens: it has no Auth:SigningKey.");
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims.Prepend(new Claim(CallCentreClaims.Subject, subject))),
            Issuer = options.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            TokenType = type,
            SigningCredentials = new SigningCredentials(signer, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
