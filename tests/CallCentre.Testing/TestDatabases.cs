using CallCentre.Hosting.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace CallCentre.Testing;

/// <summary>A migrated database of one module for one test class: a SQLite file in a temporary folder, or a PostgreSQL
/// database on the server named by <c>CALLCENTRE_TEST_POSTGRES</c> (dropped afterwards). A test project names its module
/// once, e.g. <c>public sealed class SqliteTestDatabase() : SqliteTestDatabase&lt;SlaTrackingModule&gt;("SlaTracking");</c></summary>
public abstract class TestDatabase<TModule>(string module) : IAsyncLifetime
{
    public ModuleDatabase<TModule> Database { get; private set; } = null!;

    protected string Module => module;

    protected abstract (DatabaseProvider Provider, string ConnectionString) Create();

    public async Task InitializeAsync()
    {
        var (provider, connectionString) = Create();
        Database = new ModuleDatabase<TModule>(module, provider, connectionString, TransientDatabaseErrors.CreatePipeline(2));
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(new ModuleMigrations(Database, typeof(TModule).Assembly));
    }

    public abstract Task DisposeAsync();
}

public abstract class SqliteTestDatabase<TModule>(string module) : TestDatabase<TModule>(module)
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"callcentre-{module.ToLowerInvariant()}-test-" + Guid.NewGuid().ToString("N")[..8]);

    protected override (DatabaseProvider, string) Create()
    {
        Directory.CreateDirectory(_folder);
        return (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_folder, Module.ToLowerInvariant() + ".db")};Pooling=True;Default Timeout=30");
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

public abstract class PostgresTestDatabase<TModule>(string module) : TestDatabase<TModule>(module)
{
    public const string Variable = "CALLCENTRE_TEST_POSTGRES";
    private readonly string _name = $"{module.ToLowerInvariant()}_test_" + Guid.NewGuid().ToString("N")[..12];
    private string? _server;

    protected override (DatabaseProvider, string) Create()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
            throw new InvalidOperationException(
                $"{Variable} is not set: these store tests need a PostgreSQL server (tests/run.sh starts one and sets it, e.g. " +
                "\"Host=127.0.0.1;Port=25432;Username=postgres;Password=postgres\").");
        return (DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        if (_server is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
