using System.Data;
using System.Data.Common;
using System.Reflection;
using Dapper;

namespace CallCentre.Routing.Data;

/// <summary>On PostgreSQL writes are queued and sent in one round trip per batch (docs/deploy.md, The call path, measured).</summary>
internal sealed class RoutingWrites(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly DbBatch? _batch = connection.CanCreateBatch ? connection.CreateBatch() : null;
    private readonly List<long> _outboxIds = [];

    public Task ExecuteAsync(string sql, object parameters, DbTransaction tx)
    {
        if (_batch is null)
            return connection.ExecuteAsync(sql, parameters, tx);
        Queue(sql, parameters);
        return Task.CompletedTask;
    }

    /// <summary>A read: queued writes go first, so that it sees them.</summary>
    public async Task<T?> ExecuteScalarAsync<T>(string sql, object parameters, DbTransaction tx)
    {
        await FlushAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters, tx);
    }

    public async Task AddToOutboxAsync(string sql, object parameters)
    {
        if (_batch is null)
            _outboxIds.Add(await connection.ExecuteScalarAsync<long>(sql, parameters, transaction));
        else
            Queue(sql, parameters);
    }

    public async Task<IReadOnlyList<long>> FlushAsync()
    {
        if (_batch is { BatchCommands.Count: > 0 })
        {
            _batch.Transaction = transaction;
            await using (var reader = await _batch.ExecuteReaderAsync())
            {
                // Writes answer empty results; each outbox insert answers one row, its id.
                do
                {
                    while (await reader.ReadAsync())
                        _outboxIds.Add(reader.GetInt64(0));
                } while (await reader.NextResultAsync());
            }
            _batch.BatchCommands.Clear();
        }
        return _outboxIds;
    }

    public ValueTask DisposeAsync() => _batch?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void Queue(string sql, object parameters)
    {
        var command = _batch!.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var property in parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = property.Name;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            // Typed even when null, as Dapper types them: PostgreSQL cannot infer every placeholder's type from its context.
            parameter.DbType = type == typeof(string) ? DbType.String : type == typeof(long) ? DbType.Int64 : type == typeof(int) ? DbType.Int32
                : type == typeof(double) ? DbType.Double : throw new NotSupportedException($"Parameter {property.Name} of type {type.Name}.");
            parameter.Value = property.GetValue(parameters) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        _batch.BatchCommands.Add(command);
    }
}
