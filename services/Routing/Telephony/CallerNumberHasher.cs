using System.Security.Cryptography;
using System.Text;

namespace CallCentre.Routing.Telephony;

/// <summary>Replaces a caller's number by a keyed hash (HMAC-SHA256) at the telephony edge, so that a returning caller
/// can be recognised without the number ever being stored, logged or published.</summary>
public sealed class CallerNumberHasher(byte[] key)
{
    public string Hash(string callerNumber)
    {
        var normalised = new string(callerNumber.Where(c => char.IsDigit(c) || c == '+').ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>The key from <c>Telephony:CallerHashKey</c>; in a single embedded process without one, a random key kept
    /// in the data folder so that hashes stay stable across restarts.</summary>
    public static CallerNumberHasher Create(string? configuredKey, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
            return new CallerNumberHasher(SHA256.HashData(Encoding.UTF8.GetBytes(configuredKey)));
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, "caller-hash.key");
        if (!File.Exists(path))
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        return new CallerNumberHasher(Convert.FromHexString(File.ReadAllText(path).Trim()));
    }
}
