using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Routing.Telephony;

/// <summary>HMAC-SHA256 at the telephony edge: a returning caller is recognised, the number never stored. Per-tenant
/// keys (HKDF of master key, tenant, stored salt): hashes unrelated across tenants, shredded with the salt.</summary>
internal sealed class CallerNumberHasher(byte[] masterKey, CallerHashSaltStore salts)
{
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public async ValueTask<string> HashAsync(string tenantId, string callerNumber, CancellationToken ct = default)
    {
        if (!_tenantKeys.TryGetValue(tenantId, out var key))
        {
            var salt = await salts.GetOrCreateAsync(tenantId, ct);
            key = _tenantKeys.GetOrAdd(tenantId, DeriveTenantKey(masterKey, tenantId, salt));
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Normalise(callerNumber))));
    }

    public async Task<int> ShredTenantKeyAsync(string tenantId, CancellationToken ct = default)
    {
        _tenantKeys.TryRemove(tenantId, out _);
        var removed = await salts.DeleteAsync(tenantId, ct);
        _tenantKeys.TryRemove(tenantId, out _);
        return removed;
    }

    /// <summary>So that "+33 1 23" and "+33123" hash alike.</summary>
    public static string Normalise(string callerNumber) => new(callerNumber.Where(c => char.IsDigit(c) || c == '+').ToArray());

    internal static byte[] DeriveTenantKey(byte[] masterKey, string tenantId, byte[] salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt, Encoding.UTF8.GetBytes("callcentre/caller-hash/" + tenantId));

    public const string KeyFileName = "caller-hash.key";

    /// <summary>Required when distributed; embedded: a random key in the data folder, owner only.</summary>
    public static byte[] LoadMasterKey(IConfiguration configuration) =>
        MasterKeys.Load(configuration, "Telephony:CallerHashKey", KeyFileName, "Routing");
}
