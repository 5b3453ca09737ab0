using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

/// <summary>Signs the embedded mode's access tokens (HS256 with <c>Auth:SigningKey</c>).</summary>
public sealed class TokenIssuer(AuthOptions options, SymmetricSecurityKey key, TimeProvider time)
{
    public static SymmetricSecurityKey CreateKey(AuthOptions options) =>
        new(string.IsNullOrWhiteSpace(options.SigningKey)
            ? RandomNumberGenerator.GetBytes(32)
            : SHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey)));

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.TokenLifetimeMinutes);

    public string Issue(string subject, IEnumerable<Claim> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var identity = new ClaimsIdentity(claims.Prepend(new Claim(CallCentreClaims.Subject, subject))
            .Append(new Claim(CallCentreClaims.Name, subject)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
