using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCentre.Hosting.Data;

/// <summary>Each script once, in name order, in its own transaction; applied scripts are never edited.</summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger)
{
    public async Task ApplyAsync(ModuleMigrations migrations, CancellationToken cancellationToken = default)
    {
        var database = migrations.Database;
        if (database.Provider == DatabaseProvider.Postgres)
            await EnsurePostgresDatabaseAsync(database.ConnectionString, cancellationToken);

        var folder = $"migrations/{database.Provider.ToString().ToLowerInvariant()}/";
        var scripts = migrations.Assembly.GetManifestResourceNames()
            .Select(name => (Resource: name, Name: name.Replace('\\', '/')))
            .Where(r => r.Name.StartsWith(folder, StringComparison.Ordinal) && r.Name.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

        await database.Retry.ExecuteAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct);
            if (database.Provider == DatabaseProvider.Postgres)
                await connection.ExecuteAsync("SELECT pg_advisory_lock(7714021)"); // one migrating process at a time
            else
                await connection.ExecuteAsync("PRAGMA journal_mode=WAL");
            // NOT NULL spelt out: SQLite lets a non-integer primary key hold NULL.
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)");
            var applied = (await connection.QueryAsync<string>("SELECT id FROM schema_migrations")).ToHashSet();
            foreach (var script in scripts)
            {
                var id = script.Name[folder.Length..];
                if (applied.Contains(id))
                    continue;
                await ApplyScriptAsync(connection, migrations, script.Resource, id, ct);
                logger.LogInformation("Applied migration {Migration} to the {Module} database", id, database.Module);
            }
            if (database.Provider == DatabaseProvider.Postgres)
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(7714021)");
        }, cancellationToken);
    }

    private static async Task ApplyScriptAsync(DbConnection connection, ModuleMigrations migrations, string resource, string id, CancellationToken ct)
    {
        await using var stream = migrations.Assembly.GetManifestResourceStream(resource)
                                 ?? throw new InvalidOperationException($"Migration {resource} is missing.");
        var sql = await new StreamReader(stream).ReadToEndAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(sql, transaction: transaction);
        await connection.ExecuteAsync("INSERT INTO schema_migrations (id, applied_at) VALUES (@id, @at)",
            new { id, at = DateTimeOffset.UtcNow.ToString("O") }, transaction);
        await transaction.CommitAsync(ct);
    }

    private static async Task EnsurePostgresDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database))
            return;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(ct);
        var exists = await connection.ExecuteScalarAsync<int?>("SELECT 1 FROM pg_database WHERE datname = @name", new { name = target.Database });
        if (exists is not null)
            return;
        try
        {
            await connection.ExecuteAsync($"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"")}\"");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it first.
        }
    }
}
