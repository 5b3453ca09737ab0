using System.Security.Cryptography;
using System.Text;

namespace CallCentre.Hosting.Data;

/// <summary>AES-GCM (base64 of nonce, ciphertext, tag) bound to its owner, so a value moved elsewhere does not open.</summary>
public static class Sealing
{
    private const int NonceSize = 12, TagSize = 16;

    public static string Seal(byte[] key, string boundTo, string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize, plainBytes.Length), sealedBytes.AsSpan(NonceSize + plainBytes.Length),
                Encoding.UTF8.GetBytes(boundTo));
        return Convert.ToBase64String(sealedBytes);
    }

    public static string? Open(byte[] key, string boundTo, string sealedValue)
    {
        var sealedBytes = Convert.FromBase64String(sealedValue);
        var length = sealedBytes.Length - NonceSize - TagSize;
        if (length < 0)
            return null;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain,
                Encoding.UTF8.GetBytes(boundTo));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }
}
