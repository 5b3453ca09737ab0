using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Credentials;

/// <summary>Kamailio's auth_ephemeral credentials: the platform account is the only password an agent has.</summary>
public sealed record SipCredentials(string Username, string Password, DateTimeOffset ExpiresAt, string Uri, string Realm, string? WebSocketUrl);

public sealed class SipCredentialIssuer(IOptions<TelephonyOptions> options, TimeProvider clock)
{
    public SipCredentials Issue(string agentId)
    {
        var o = options.Value;
        var expires = clock.GetUtcNow().AddMinutes(o.SipCredentialMinutes);
        var username = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + agentId;
        return new SipCredentials(username, Password(o.SipSecret!, username), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()),
            $"sip:{agentId}@{o.SipDomain}", o.SipDomain, o.WebSocketUrl);
    }

    /// <summary>base64(HMAC-SHA256(secret, username)): auth_ephemeral with <c>sha_algorithm</c> 1.</summary>
    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
