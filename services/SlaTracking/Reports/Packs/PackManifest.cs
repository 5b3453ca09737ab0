using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>What a pack's signature covers: the pack's identity and each file's size and SHA-256 (hex, as <c>sha256sum</c>
/// prints it). The signature is over the exact bytes of manifest.json.</summary>
public sealed record PackManifest(
    string Format, string TenantId, string TenantName, string Month, int Version, DateTimeOffset IssuedAt, string KeyId,
    string SignatureAlgorithm, IReadOnlyList<PackManifestFile> Files)
{
    public const string CurrentFormat = "callcentre-monthly-pack/1";

    /// <summary>ECDSA P-256 over SHA-256, the signature DER-encoded: what <c>openssl dgst -sha256 -verify</c> checks.</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256-der";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToBytes() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n'];

    /// <summary>Null when the bytes are not a manifest of this format.</summary>
    public static PackManifest? Read(byte[] bytes)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<PackManifest>(bytes, Json);
            return manifest is { Format: CurrentFormat, TenantId: not null, Month: not null, KeyId: not null, Files: not null }
                   && manifest.Files.All(f => f is { Name: not null, Sha256: not null })
                ? manifest
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record PackManifestFile(string Name, long Size, string Sha256);
