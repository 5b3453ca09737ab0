using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
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
    public static byte[] LoadMasterKey(IConfiguration configuration)
    {
        var configured = configuration["Telephony:CallerHashKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // A placeholder or short key would let anyone who reads the example files link hashes back to numbers.
            if (configured.Trim().Length < 32 || configured.Distinct().Count() < 8 || configured.Contains("CHANGE-ME", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "Telephony:CallerHashKey is too weak: use at least 32 random bytes, e.g. the output of `openssl rand -hex 32`.");
            return SHA256.HashData(Encoding.UTF8.GetBytes(configured.Trim()));
        }
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var transport = configuration.GetValue("Messaging:Transport", MessagingTransport.InMemory);
        if (provider == DatabaseProvider.Postgres || transport == MessagingTransport.RabbitMq)
            throw new InvalidOperationException(
                "Telephony:CallerHashKey must be set (a secret of at least 32 random bytes, the same in every Routing process) " +
                "when Database:Provider is Postgres or Messaging:Transport is RabbitMq: a generated key would differ per process " +
                "and be lost with its container.");
        return KeyFile(DatabaseExtensions.DataFolder(configuration));
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static byte[] KeyFile(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, KeyFileName);
        if (!File.Exists(path))
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = OwnerOnly;
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: read theirs.
            }
        }
        // A key file readable by others is tightened rather than refused, so that an existing data folder keeps working.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            File.SetUnixFileMode(path, OwnerOnly);
        return Convert.FromHexString(File.ReadAllText(path).Trim());
    }
}
