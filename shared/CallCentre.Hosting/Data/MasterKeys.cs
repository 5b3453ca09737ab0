using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Messaging;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Data;

/// <summary>Configured (required when distributed: every process needs the same one), or a random key file in the data folder.</summary>
public static class MasterKeys
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] Load(IConfiguration configuration, string settingName, string keyFileName, string purpose)
    {
        var configured = configuration[settingName];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // A placeholder or short key would let anyone who reads the example files use it.
            if (configured.Trim().Length < 32 || configured.Distinct().Count() < 8 || configured.Contains("CHANGE-ME", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"{settingName} is too weak: use at least 32 random bytes, e.g. the output of `openssl rand -hex 32`.");
            return SHA256.HashData(Encoding.UTF8.GetBytes(configured.Trim()));
        }
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var transport = configuration.GetValue("Messaging:Transport", MessagingTransport.InMemory);
        if (provider == DatabaseProvider.Postgres || transport == MessagingTransport.RabbitMq)
            throw new InvalidOperationException(
                $"{settingName} must be set (a secret of at least 32 random bytes, the same in every {purpose} process) " +
                "when Database:Provider is Postgres or Messaging:Transport is RabbitMq: a generated key would differ per process " +
                "and be lost with its container.");
        return KeyFile(DatabaseExtensions.DataFolder(configuration), keyFileName);
    }

    private static byte[] KeyFile(string dataFolder, string fileName)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, fileName);
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
            }
        }
        // A key file readable by others is tightened rather than refused, so that an existing data folder keeps working.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            File.SetUnixFileMode(path, OwnerOnly);
        return Convert.FromHexString(File.ReadAllText(path).Trim());
    }
}
