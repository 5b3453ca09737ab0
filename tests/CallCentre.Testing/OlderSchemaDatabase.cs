using CallCentre.Hosting.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CallCentre.Testing;

/// <summary>A module's database migrated only up to the scripts before <c>firstHeldBack</c>, on the provider of an existing test
/// database, so that a test can write rows in the older schema and then apply the remaining scripts to them
/// (<see cref="ApplyTheRestAsync"/>), as an existing deployment does. Removed when disposed.</summary>
public sealed class OlderSchemaDatabase<TModule> : IAsyncDisposable
{
    private readonly string[] _heldBack;
    private readonly string? _folder;
    private readonly string? _postgresName;
    private readonly string? _server;

    public ModuleDatabase<TModule> Database { get; }

    private OlderSchemaDatabase(ModuleDatabase<TModule> database, string[] heldBack, string? folder, string? postgresName, string? server) =>
        (Database, _heldBack, _folder, _postgresName, _server) = (database, heldBack, folder, postgresName, server);

    public static async Task<OlderSchemaDatabase<TModule>> CreateAsync(ModuleDatabase<TModule> like, string firstHeldBack)
    {
        var folder = $"migrations/{like.Provider.ToString().ToLowerInvariant()}/";
        var heldBack = typeof(TModule).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal))
            .Select(n => n[folder.Length..]).Where(n => string.CompareOrdinal(n, firstHeldBack) >= 0).ToArray();
        OlderSchemaDatabase<TModule> older;
        if (like.Provider == DatabaseProvider.Postgres)
        {
            var name = $"{like.Module.ToLowerInvariant()}_older_" + Guid.NewGuid().ToString("N")[..12];
            var admin = new NpgsqlConnectionStringBuilder(like.ConnectionString) { Database = "postgres", Pooling = false };
            await using (var c = new NpgsqlConnection(admin.ConnectionString))
                await c.ExecuteAsync($"CREATE DATABASE \"{name}\"");
            var cs = new NpgsqlConnectionStringBuilder(like.ConnectionString) { Database = name }.ConnectionString;
            older = new(new ModuleDatabase<TModule>(like.Module, like.Provider, cs, TransientDatabaseErrors.CreatePipeline(2)), heldBack, null,
                name, admin.ConnectionString);
        }
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), "callcentre-older-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            older = new(new ModuleDatabase<TModule>(like.Module, like.Provider, $"Data Source={Path.Combine(dir, "older.db")};Pooling=True",
                TransientDatabaseErrors.CreatePipeline(2)), heldBack, dir, null, null);
        }
        await older.Database.RunAsync(async (c, _) =>
        {
            await c.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
            foreach (var id in heldBack)
                await c.ExecuteAsync("INSERT INTO schema_migrations (id, applied_at) VALUES (@Id, 'held back')", new { Id = id });
        });
        await older.MigrateAsync();
        return older;
    }

    /// <summary>Applies the scripts held back, to the rows written meanwhile.</summary>
    public async Task ApplyTheRestAsync()
    {
        await Database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM schema_migrations WHERE applied_at = 'held back'"));
        await MigrateAsync();
    }

    private Task MigrateAsync() =>
        new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(new ModuleMigrations(Database, typeof(TModule).Assembly));

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(_server);
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
        }
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
