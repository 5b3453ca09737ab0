using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;
using Dapper;

namespace CallCentre.Routing.Data;

/// <summary>On PostgreSQL one <see cref="DbBatch"/>, one round trip, run as one implicit transaction (a failing statement
/// undoes it all); on SQLite each write at once inside a transaction (docs/deploy.md, The call path, measured).</summary>
internal sealed class RoutingWrites : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly DbBatch? _batch;
    private readonly List<long> _outboxIds = [];

    private RoutingWrites(DbConnection connection, DbTransaction? transaction, DbBatch? batch)
    {
        _connection = connection;
        _transaction = transaction;
        _batch = batch;
    }

    public static async Task<RoutingWrites> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection.CanCreateBatch
            ? new RoutingWrites(connection, null, connection.CreateBatch())
            : new RoutingWrites(connection, await connection.BeginTransactionAsync(ct), null);

    public bool Batched => _batch is not null;

    public Task ExecuteAsync(string sql, object parameters)
    {
        if (_batch is null)
            return _connection.ExecuteAsync(sql, parameters, _transaction);
        Queue(sql, parameters);
        return Task.CompletedTask;
    }

    public async Task InsertReturningIdsAsync(string sql, object parameters)
    {
        if (_batch is null)
            _outboxIds.AddRange(await _connection.QueryAsync<long>(sql, parameters, _transaction));
        else
            Queue(sql, parameters);
    }

    public async Task<IReadOnlyList<long>> CommitAsync(CancellationToken ct)
    {
        if (_batch is null)
        {
            await _transaction!.CommitAsync(ct);
            return _outboxIds;
        }
        if (_batch.BatchCommands.Count == 0)
            return _outboxIds;
        // Prepared statements outlive the pooled connection's close, so after the first batches this costs no round trip
        // and spares the server parsing and planning every statement again.
        await _batch.PrepareAsync(ct);
        await using (var reader = await _batch.ExecuteReaderAsync(ct))
        {
            do
            {
                var ids = reader.FieldCount == 1 && reader.GetName(0) == "id";
                while (await reader.ReadAsync(ct))
                    if (ids)
                        _outboxIds.Add(reader.GetInt64(0));
            } while (await reader.NextResultAsync(ct));
        }
        return _outboxIds;
    }

    public async ValueTask DisposeAsync()
    {
        if (_batch is not null)
            await _batch.DisposeAsync();
        if (_transaction is not null)
            await _transaction.DisposeAsync();
    }

    private void Queue(string sql, object parameters)
    {
        var command = _batch!.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var property in Properties.GetOrAdd(parameters.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = property.Name;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            // Typed even when null, as Dapper types them: PostgreSQL cannot infer every placeholder's type from its context.
            if (type != typeof(string[]))
                parameter.DbType = type == typeof(string) ? DbType.String : type == typeof(long) ? DbType.Int64 : type == typeof(int) ? DbType.Int32
                    : type == typeof(double) ? DbType.Double : throw new NotSupportedException($"Parameter {property.Name} of type {type.Name}.");
            parameter.Value = property.GetValue(parameters) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        _batch.BatchCommands.Add(command);
    }
}
