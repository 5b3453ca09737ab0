using System.Security.Cryptography;
using System.Text;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary><c>X-CallCentre-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 under the webhook's secret of
/// <c>{timestamp}.{body}</c>, the timestamp being <c>X-CallCentre-Timestamp</c> (Unix seconds) of the attempt.</summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.ASCII.GetByteCount($"{timestamp}.") + body.Length];
        var head = Encoding.ASCII.GetBytes($"{timestamp}.", signed);
        body.CopyTo(signed.AsSpan(head));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)),
            Encoding.ASCII.GetBytes(header));

    /// <summary>A new secret: 256 random bits, prefixed so that it is recognisable in a secrets scanner.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
