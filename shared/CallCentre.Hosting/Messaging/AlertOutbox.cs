using System.Data.Common;
using System.Text.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Data;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Messaging;

/// <summary>Alerts of competing replicas: the winner adds the row in its transaction and publishes after commit; any replica republishes a row whose claim ran out, with its message id.</summary>
public sealed class AlertOutbox<TModule>(ModuleDatabase<TModule> database, IBus bus, TimeProvider time, ILogger<AlertOutbox<TModule>> logger)
{
    public static readonly TimeSpan Claim = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>In the caller's transaction, claimed by the caller for <see cref="Claim"/>.</summary>
    public static Task<long> AddAsync(DbConnection connection, DbTransaction transaction, object message, string? tenantId, DateTimeOffset now) =>
        connection.ExecuteScalarAsync<long>("""
            INSERT INTO alert_outbox (message_id, message_type, body, tenant_id, created_at, claimed_until)
                 VALUES (@MessageId, @Type, @Body, @TenantId, @Now, @Until)
              RETURNING id
            """, new
        {
            MessageId = NewId.NextGuid().ToString(), Type = message.GetType().FullName, Body = JsonSerializer.Serialize(message, message.GetType(), Json),
            TenantId = tenantId, Now = now.ToUnixTimeMilliseconds(), Until = (now + Claim).ToUnixTimeMilliseconds(),
        }, transaction);

    /// <summary>A row that fails stays for <see cref="PublishPendingAsync"/>.</summary>
    public async Task<IReadOnlyList<object>> PublishAsync(IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
            return [];
        // One by one: an alert raises a handful of rows at most, and Dapper expands a list differently for each provider.
        var rows = new List<Row>(ids.Count);
        foreach (var id in ids.Order())
            if (await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>("""
                    SELECT id AS Id, message_id AS MessageId, message_type AS MessageType, body AS Body
                      FROM alert_outbox
                     WHERE id = @Id
                    """, new { Id = id }), ct) is { } row)
                rows.Add(row);
        return await SendAsync(rows, ct);
    }

    public async Task<IReadOnlyList<object>> PublishPendingAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var any = await database.RunAsync((c, _) => c.ExecuteScalarAsync<long?>(
            "SELECT id FROM alert_outbox WHERE claimed_until < @Now LIMIT 1", new { Now = now.ToUnixTimeMilliseconds() }), ct);
        if (any is null)
            return [];
        // The claim is repeated outside the sub-select: PostgreSQL re-checks only the outer condition on a row another replica
        // has just claimed, so of two replicas sweeping at once one gets each row.
        var rows = await database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var claimed = (await c.QueryAsync<Row>("""
                UPDATE alert_outbox
                   SET claimed_until = @Until
                 WHERE claimed_until < @Now
                   AND id IN (SELECT id FROM alert_outbox WHERE claimed_until < @Now ORDER BY id LIMIT 100)
                RETURNING id AS Id, message_id AS MessageId, message_type AS MessageType, body AS Body
                """, new { Now = now.ToUnixTimeMilliseconds(), Until = (now + Claim).ToUnixTimeMilliseconds() }, transaction)).ToList();
            await transaction.CommitAsync(token);
            return claimed;
        }, ct);
        if (rows.Count > 0)
            logger.LogInformation("Publishing {Count} alerts left unpublished in the {Module} outbox", rows.Count, database.Module);
        return await SendAsync(rows.OrderBy(r => r.Id).ToList(), ct);
    }

    private async Task<IReadOnlyList<object>> SendAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var sent = new List<object>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                var type = typeof(SlaBreached).Assembly.GetType(row.MessageType, throwOnError: true)!;
                var message = JsonSerializer.Deserialize(row.Body, type, Json)!;
                var messageId = Guid.Parse(row.MessageId);
                await bus.Publish(message, type, context => context.MessageId = messageId, ct);
                await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM alert_outbox WHERE id = @Id", new { row.Id }), ct);
                sent.Add(message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not publish alert {Id} of the {Module} outbox; it is published again once its claim runs out",
                    row.Id, database.Module);
            }
        }
        return sent;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public string MessageType { get; set; } = "";
        public string Body { get; set; } = "";
    }
}
