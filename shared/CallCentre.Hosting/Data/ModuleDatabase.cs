using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;

namespace CallCentre.Hosting.Data;

/// <summary><typeparamref name="TModule"/> only tells modules' databases apart.</summary>
public sealed class ModuleDatabase<TModule>(string module, DatabaseProvider provider, string connectionString, ResiliencePipeline retry)
    : IModuleDatabase
{
    public string Module => module;
    public DatabaseProvider Provider => provider;
    public string ConnectionString => connectionString;
    public ResiliencePipeline Retry => retry;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Work that writes must be a single transaction, so that a retry never half-writes.</summary>
    public ValueTask<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        retry.ExecuteAsync(async ct =>
        {
            await using var connection = await OpenAsync(ct);
            return await work(connection, ct);
        }, cancellationToken);

    public async ValueTask RunAsync(Func<DbConnection, CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        await RunAsync<bool>(async (c, ct) => { await work(c, ct); return true; }, cancellationToken);
}

public interface IModuleDatabase
{
    string Module { get; }
    DatabaseProvider Provider { get; }
    string ConnectionString { get; }
    ResiliencePipeline Retry { get; }
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
