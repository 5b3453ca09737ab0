using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Routing.Telephony;

/// <summary>Replaces a caller's number by a keyed hash (HMAC-SHA256) at the telephony edge, so that a returning caller
/// can be recognised without the number ever being stored, logged or published. Each tenant has its own key, derived
/// (HKDF-SHA256) from the master key, the tenant id and a random salt kept in Routing's database: the same number gives
/// unrelated hashes in two client companies, and deleting a tenant's salt makes its hashes unlinkable for good.</summary>
public sealed class CallerNumberHasher(byte[] masterKey, CallerHashSaltStore salts)
{
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    /// <summary>The caller's number hashed with <paramref name="tenantId"/>'s key (its salt is created on first use).</summary>
    public async ValueTask<string> HashAsync(string tenantId, string callerNumber, CancellationToken ct = default)
    {
        if (!_tenantKeys.TryGetValue(tenantId, out var key))
        {
            var salt = await salts.GetOrCreateAsync(tenantId, ct);
            key = _tenantKeys.GetOrAdd(tenantId, DeriveTenantKey(masterKey, tenantId, salt));
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Normalise(callerNumber))));
    }

    /// <summary>Deletes the tenant's salt (crypto-shredding its hashes); answers how many salts were removed (0 or 1).</summary>
    public async Task<int> ShredTenantKeyAsync(string tenantId, CancellationToken ct = default)
    {
        _tenantKeys.TryRemove(tenantId, out _);
        var removed = await salts.DeleteAsync(tenantId, ct);
        _tenantKeys.TryRemove(tenantId, out _);
        return removed;
    }

    /// <summary>Digits and a leading '+' only, so that "+33 1 23" and "+33123" hash alike.</summary>
    public static string Normalise(string callerNumber) => new(callerNumber.Where(c => char.IsDigit(c) || c == '+').ToArray());

    internal static byte[] DeriveTenantKey(byte[] masterKey, string tenantId, byte[] salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt, Encoding.UTF8.GetBytes("callcentre/caller-hash/" + tenantId));

    /// <summary>File name of the generated master key in the data folder (embedded mode only).</summary>
    public const string KeyFileName = "caller-hash.key";

    /// <summary>The master key from <c>Telephony:CallerHashKey</c>. Without one: refused when the platform is distributed
    /// (<c>Database:Provider=Postgres</c> or <c>Messaging:Transport=RabbitMq</c>), where every process must share it; in a
    /// single embedded process, a random key kept in the data folder (owner read/write only) so that hashes stay stable
    /// across restarts.</summary>
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
