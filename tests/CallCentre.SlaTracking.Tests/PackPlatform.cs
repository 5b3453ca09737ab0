using System.Diagnostics;
using CallCentre.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CallCentre.SlaTracking.Tests;

/// <summary>SlaTracking with its clock at 10:00 UTC on 5 Dec 2026: November is the latest closed month.</summary>
public abstract class PackPlatform : SlaPlatform
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new ManualTime(Now)));
    }
}

public sealed class SqlitePackPlatform : PackPlatform;

/// <summary>The same on a PostgreSQL database of its own (dropped afterwards).</summary>
public sealed class PostgresPackPlatform : PackPlatform
{
    private readonly string _name = "sla_packs_" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:SlaTracking",
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _name }.ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>A downloaded pack unpacked in a folder of its own, and the shell commands docs/packs.md gives for the offline check.</summary>
internal sealed class UnpackedPack : IDisposable
{
    public const string SignatureCheck = "openssl dgst -sha256 -verify signing-key.pem -signature manifest.sig manifest.json";
    public const string FileCheck = """jq -r '.files[] | "\(.sha256)  \(.name)"' manifest.json | sha256sum -c""";
    /// <summary>The trust anchor: the enclosed key is byte for byte the one the platform publishes (GET /api/sla/packs/keys),
    /// saved beforehand; {0} is that file.</summary>
    public const string KeyCheck = "cmp signing-key.pem {0}";
    public const string KeyIdOfTheKey = "openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum | cut -d' ' -f1";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "callcentre-pack-" + Guid.NewGuid().ToString("N")[..8]);

    public UnpackedPack(byte[] zip)
    {
        Directory.CreateDirectory(Folder);
        System.IO.Compression.ZipFile.ExtractToDirectory(new MemoryStream(zip), Folder);
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public (int ExitCode, string Output) Run(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-o", "pipefail", "-c", command])
        {
            WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
