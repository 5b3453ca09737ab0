using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

/// <summary>Signs the embedded mode's tokens with ES256 (<see cref="SigningKeys.Signer"/>, named by its <c>kid</c>):
/// short access tokens, and refresh tokens that only <c>POST /api/auth/refresh</c> accepts.</summary>
public sealed class TokenIssuer(AuthOptions options, SigningKeys keys, TimeProvider time)
{
    /// <summary>The <c>typ</c> header of a refresh token; access tokens carry <c>JWT</c>.</summary>
    public const string RefreshTokenType = "rt+jwt";

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.TokenLifetimeMinutes);
    public TimeSpan RefreshLifetime => TimeSpan.FromMinutes(options.RefreshTokenLifetimeMinutes);

    /// <summary>The audience of refresh tokens: not the API's, so the API refuses them as access tokens.</summary>
    public string RefreshAudience => options.Audience + ":refresh";

    public string Issue(string subject, IEnumerable<Claim> claims) =>
        Sign(subject, claims.Append(new Claim(CallCentreClaims.Name, subject)), options.Audience, Lifetime, JwtConstants.HeaderType);

    /// <summary>A refresh token for <paramref name="subject"/>: its name only; the claims are read again at refresh.</summary>
    public string IssueRefresh(string subject) => Sign(subject, [], RefreshAudience, RefreshLifetime, RefreshTokenType);

    /// <summary>The subject of a valid, unexpired refresh token signed by one of this process's keys; null otherwise.</summary>
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
            LifetimeValidator = (notBefore, expires, _, _) => ValidLifetime(notBefore, expires),
        });
        return result.IsValid ? result.ClaimsIdentity.FindFirst(CallCentreClaims.Subject)?.Value : null;
    }

    internal bool ValidLifetime(DateTime? notBefore, DateTime? expires)
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
