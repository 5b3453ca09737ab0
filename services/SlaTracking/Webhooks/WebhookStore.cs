using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Webhooks;

public sealed record Webhook(Guid Id, string TenantId, string Url, IReadOnlyList<string> Events, bool Enabled, string? Description,
    string SecretSealed, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);

/// <summary>Statuses: pending, sending (claimed), retrying, delivered, dead (after the last allowed failure), cancelled (its webhook
/// was disabled before it went out).</summary>
public sealed record WebhookDelivery(Guid Id, Guid WebhookId, Guid EventId, string EventType, DateTimeOffset OccurredAt, string Status,
    int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

public sealed record WebhookAttempt(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);

/// <summary>A delivery this replica claimed; <see cref="Token"/> proves it still holds it when it records the outcome.</summary>
public sealed record WebhookClaim(Guid DeliveryId, Guid WebhookId, string TenantId, Guid EventId, string EventType, string Payload, int Attempt,
    string Token);

public static class WebhookStatus
{
    public const string Pending = "pending", Sending = "sending", Retrying = "retrying", Delivered = "delivered", Dead = "dead",
        Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Sending, Retrying, Delivered, Dead, Cancelled];
}

public sealed class WebhookStore(ModuleDatabase<SlaTrackingModule> database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string WebhookColumns = """
        webhook_id AS WebhookId, tenant_id AS TenantId, url AS Url, events AS Events, enabled AS Enabled, description AS Description,
        secret_sealed AS SecretSealed, created_by AS CreatedBy, created_at AS CreatedAt, changed_at AS ChangedAt
        """;

    private const string DeliveryColumns = """
        delivery_id AS DeliveryId, webhook_id AS WebhookId, event_id AS EventId, event_type AS EventType, occurred_at AS OccurredAt,
        status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_status_code AS LastStatusCode,
        last_error AS LastError, created_at AS CreatedAt, delivered_at AS DeliveredAt
        """;

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<WebhookRow>(
            $"SELECT {WebhookColumns} FROM webhook_subscription WHERE tenant_id = @TenantId ORDER BY created_at, webhook_id",
            new { TenantId = tenantId }), ct);
        return rows.Select(r => r.ToWebhook()).ToList();
    }

    public async Task<Webhook?> FindAsync(string tenantId, Guid id, CancellationToken ct = default)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<WebhookRow>(
            $"SELECT {WebhookColumns} FROM webhook_subscription WHERE tenant_id = @TenantId AND webhook_id = @Id",
            new { TenantId = tenantId, Id = id.ToString() }), ct);
        return row?.ToWebhook();
    }

    /// <summary>Inserts or replaces; disabling a webhook cancels its deliveries not yet sent.</summary>
    public Task SaveAsync(Webhook w, CancellationToken ct = default) => database.RunAsync(async (c, token) =>
    {
        await using var transaction = await c.BeginTransactionAsync(token);
        await c.ExecuteAsync("""
            INSERT INTO webhook_subscription (webhook_id, tenant_id, url, events, enabled, description, secret_sealed, created_by, created_at,
                                              changed_at)
                 VALUES (@Id, @TenantId, @Url, @Events, @Enabled, @Description, @SecretSealed, @CreatedBy, @CreatedAt, @ChangedAt)
            ON CONFLICT (webhook_id) DO UPDATE
                    SET url = excluded.url, events = excluded.events, enabled = excluded.enabled, description = excluded.description,
                        secret_sealed = excluded.secret_sealed, changed_at = excluded.changed_at
            """, new
        {
            Id = w.Id.ToString(), w.TenantId, w.Url, Events = JsonSerializer.Serialize(w.Events, Json), Enabled = w.Enabled ? 1 : 0,
            w.Description, w.SecretSealed, w.CreatedBy, CreatedAt = w.CreatedAt.ToUnixTimeMilliseconds(),
            ChangedAt = w.ChangedAt.ToUnixTimeMilliseconds(),
        }, transaction);
        if (!w.Enabled)
            await c.ExecuteAsync("""
                UPDATE webhook_delivery SET status = 'cancelled', claimed_until = 0
                 WHERE webhook_id = @Id AND status IN ('pending', 'retrying')
                """, new { Id = w.Id.ToString() }, transaction);
        await transaction.CommitAsync(token);
    }, ct).AsTask();

    public async Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var p = new { TenantId = tenantId, Id = id.ToString() };
            var removed = await c.ExecuteAsync("DELETE FROM webhook_subscription WHERE tenant_id = @TenantId AND webhook_id = @Id", p, transaction);
            await c.ExecuteAsync("""
                DELETE FROM webhook_attempt
                 WHERE tenant_id = @TenantId AND delivery_id IN (SELECT delivery_id FROM webhook_delivery WHERE webhook_id = @Id)
                """, p, transaction);
            await c.ExecuteAsync("DELETE FROM webhook_delivery WHERE tenant_id = @TenantId AND webhook_id = @Id", p, transaction);
            await transaction.CommitAsync(token);
            return removed > 0;
        }, ct);

    /// <summary>One delivery per enabled webhook of the tenant that takes the event's type; an event seen before (a redelivery by
    /// the bus, a second publish) adds none. Answers how many were added.</summary>
    public async Task<int> EnqueueAsync(WebhookEvent e, DateTimeOffset now, CancellationToken ct = default) =>
        await database.RunAsync(async (c, _) =>
        {
            var subscribed = (await c.QueryAsync<(string WebhookId, string Events)>(
                    "SELECT webhook_id, events FROM webhook_subscription WHERE tenant_id = @TenantId AND enabled = 1", new { e.TenantId }))
                .Where(s => (JsonSerializer.Deserialize<string[]>(s.Events, Json) ?? []).Contains(e.Type))
                .ToList();
            var added = 0;
            foreach (var (webhookId, _) in subscribed)
                added += await c.ExecuteAsync("""
                    INSERT INTO webhook_delivery (delivery_id, webhook_id, tenant_id, event_id, event_type, occurred_at, payload, status,
                                                  attempts, next_attempt_at, claimed_until, created_at)
                         VALUES (@DeliveryId, @WebhookId, @TenantId, @EventId, @EventType, @OccurredAt, @Payload, 'pending', 0, @Now, 0, @Now)
                    ON CONFLICT (webhook_id, event_id) DO NOTHING
                    """, new
                {
                    DeliveryId = DeliveryId(webhookId, e.Id).ToString(), WebhookId = webhookId, e.TenantId, EventId = e.Id.ToString(),
                    EventType = e.Type, OccurredAt = e.OccurredAt.ToUnixTimeMilliseconds(), Payload = e.Body, Now = now.ToUnixTimeMilliseconds(),
                });
            return added;
        }, ct);

    /// <summary>Claims up to <paramref name="limit"/> deliveries whose attempt is due, or whose holder's lease ran out. On PostgreSQL
    /// rows another replica is claiming are skipped rather than waited for; SQLite has one writer.</summary>
    public async Task<IReadOnlyList<WebhookClaim>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        var token = Guid.NewGuid().ToString("N");
        var skipLocked = database.Provider == DatabaseProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        var rows = await database.RunAsync((c, _) => c.QueryAsync<ClaimRow>($"""
            UPDATE webhook_delivery
               SET status = 'sending', attempts = attempts + 1, claimed_until = @Until, claim_token = @Token
             WHERE delivery_id IN (SELECT delivery_id
                                     FROM webhook_delivery
                                    WHERE (status IN ('pending', 'retrying') AND next_attempt_at <= @Now)
                                       OR (status = 'sending' AND claimed_until <= @Now)
                                    ORDER BY next_attempt_at
                                    LIMIT @Limit
                                    {skipLocked})
            RETURNING delivery_id AS DeliveryId, webhook_id AS WebhookId, tenant_id AS TenantId, event_id AS EventId,
                      event_type AS EventType, payload AS Payload, attempts AS Attempts
            """, new { Now = now.ToUnixTimeMilliseconds(), Until = (now + lease).ToUnixTimeMilliseconds(), Token = token, Limit = limit }), ct);
        return rows.Select(r => new WebhookClaim(Guid.Parse(r.DeliveryId), Guid.Parse(r.WebhookId), r.TenantId, Guid.Parse(r.EventId),
            r.EventType, r.Payload, (int)r.Attempts, token)).ToList();
    }

    /// <summary>Logs the attempt and moves the delivery to <paramref name="status"/> (<c>retrying</c> at <paramref name="retryAt"/>),
    /// unless another replica took the claim over meanwhile.</summary>
    public Task RecordAsync(WebhookClaim claim, DateTimeOffset at, string status, int? statusCode, string? error, TimeSpan duration,
        DateTimeOffset? retryAt, CancellationToken ct = default) =>
        database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var held = await c.ExecuteAsync("""
                UPDATE webhook_delivery
                   SET status = @Status, claimed_until = 0, claim_token = NULL, next_attempt_at = @NextAttempt,
                       last_status_code = @StatusCode, last_error = @Error, delivered_at = @DeliveredAt
                 WHERE delivery_id = @Id AND claim_token = @Token
                """, new
            {
                Status = status, NextAttempt = (retryAt ?? at).ToUnixTimeMilliseconds(), StatusCode = statusCode, Error = error,
                DeliveredAt = status == WebhookStatus.Delivered ? at.ToUnixTimeMilliseconds() : (long?)null, Id = claim.DeliveryId.ToString(),
                claim.Token,
            }, transaction);
            if (held == 1)
                await c.ExecuteAsync("""
                    INSERT INTO webhook_attempt (delivery_id, tenant_id, attempt, attempted_at, status_code, error, duration_ms)
                         VALUES (@Id, @TenantId, @Attempt, @At, @StatusCode, @Error, @DurationMs)
                    """, new
                {
                    Id = claim.DeliveryId.ToString(), claim.TenantId, claim.Attempt, At = at.ToUnixTimeMilliseconds(), StatusCode = statusCode,
                    Error = error, DurationMs = (long)duration.TotalMilliseconds,
                }, transaction);
            await transaction.CommitAsync(token);
        }, ct).AsTask();

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string tenantId, string? status, Guid? webhookId, int limit,
        CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<DeliveryRow>($"""
            SELECT {DeliveryColumns}
              FROM webhook_delivery
             WHERE tenant_id = @TenantId {(status is null ? "" : "AND status = @Status")} {(webhookId is null ? "" : "AND webhook_id = @WebhookId")}
             ORDER BY created_at DESC, delivery_id
             LIMIT @Limit
            """, new { TenantId = tenantId, Status = status, WebhookId = webhookId?.ToString(), Limit = limit }), ct);
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<(WebhookDelivery Delivery, string Payload, IReadOnlyList<WebhookAttempt> Attempts)?> FindDeliveryAsync(string tenantId,
        Guid id, CancellationToken ct = default) =>
        await database.RunAsync<(WebhookDelivery, string, IReadOnlyList<WebhookAttempt>)?>(async (c, _) =>
        {
            var p = new { TenantId = tenantId, Id = id.ToString() };
            var row = await c.QuerySingleOrDefaultAsync<DeliveryRow>(
                $"SELECT {DeliveryColumns}, payload AS Payload FROM webhook_delivery WHERE tenant_id = @TenantId AND delivery_id = @Id", p);
            if (row is null)
                return null;
            var attempts = await c.QueryAsync<AttemptRow>("""
                SELECT attempt AS Attempt, attempted_at AS AttemptedAt, status_code AS StatusCode, error AS Error, duration_ms AS DurationMs
                  FROM webhook_attempt
                 WHERE tenant_id = @TenantId AND delivery_id = @Id
                 ORDER BY attempted_at, id
                """, p);
            return (row.ToDelivery(), row.Payload, attempts.Select(a => new WebhookAttempt((int)a.Attempt,
                DateTimeOffset.FromUnixTimeMilliseconds(a.AttemptedAt), (int?)a.StatusCode, a.Error, a.DurationMs)).ToList());
        }, ct);

    /// <summary>Sends a dead or cancelled delivery again from its first attempt; false when it is in another state.</summary>
    public async Task<bool> RedeliverAsync(string tenantId, Guid id, DateTimeOffset now, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE webhook_delivery
               SET status = 'pending', attempts = 0, next_attempt_at = @Now, claimed_until = 0, claim_token = NULL
             WHERE tenant_id = @TenantId AND delivery_id = @Id AND status IN ('dead', 'cancelled')
            """, new { TenantId = tenantId, Id = id.ToString(), Now = now.ToUnixTimeMilliseconds() }), ct) == 1;

    /// <summary>Deletes the finished deliveries last attempted before <paramref name="before"/> with their attempts, a batch per transaction.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        const int batchSize = 500;
        for (var purged = 0; ; )
        {
            var batch = await database.RunAsync(async (c, token) =>
            {
                await using var transaction = await c.BeginTransactionAsync(token);
                var ids = (await c.QueryAsync<string>(new CommandDefinition("""
                    DELETE FROM webhook_delivery
                     WHERE delivery_id IN (SELECT delivery_id
                                             FROM webhook_delivery
                                            WHERE status IN ('delivered', 'dead', 'cancelled') AND next_attempt_at < @Before
                                            LIMIT @Limit)
                       AND status IN ('delivered', 'dead', 'cancelled') AND next_attempt_at < @Before
                    RETURNING delivery_id
                    """, new { Before = before.ToUnixTimeMilliseconds(), Limit = batchSize }, transaction, cancellationToken: token))).ToList();
                if (ids.Count > 0)
                    await c.ExecuteAsync(new CommandDefinition(database.Provider == DatabaseProvider.Postgres
                        ? "DELETE FROM webhook_attempt WHERE delivery_id = ANY(@Ids)" : "DELETE FROM webhook_attempt WHERE delivery_id IN @Ids",
                        new { Ids = ids }, transaction, cancellationToken: token));
                await transaction.CommitAsync(token);
                return ids.Count;
            }, ct);
            purged += batch;
            if (batch < batchSize)
                return purged;
        }
    }

    /// <summary>Named-UUID-like: the same webhook and event always give the same delivery id.</summary>
    private static Guid DeliveryId(string webhookId, Guid eventId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId}/{eventId}")).AsSpan(0, 16));

    private sealed class WebhookRow
    {
        public string WebhookId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string Url { get; init; } = "";
        public string Events { get; init; } = "[]";
        public long Enabled { get; init; }
        public string? Description { get; init; }
        public string SecretSealed { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long ChangedAt { get; init; }

        public Webhook ToWebhook() => new(Guid.Parse(WebhookId), TenantId, Url, JsonSerializer.Deserialize<string[]>(Events, Json) ?? [],
            Enabled != 0, Description, SecretSealed, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(ChangedAt));
    }

    private sealed class DeliveryRow
    {
        public string DeliveryId { get; init; } = "";
        public string WebhookId { get; init; } = "";
        public string EventId { get; init; } = "";
        public string EventType { get; init; } = "";
        public long OccurredAt { get; init; }
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public long NextAttemptAt { get; init; }
        public long? LastStatusCode { get; init; }
        public string? LastError { get; init; }
        public long CreatedAt { get; init; }
        public long? DeliveredAt { get; init; }
        public string Payload { get; init; } = "";

        public WebhookDelivery ToDelivery() => new(Guid.Parse(DeliveryId), Guid.Parse(WebhookId), Guid.Parse(EventId), EventType,
            DateTimeOffset.FromUnixTimeMilliseconds(OccurredAt), Status, (int)Attempts,
            Status is WebhookStatus.Pending or WebhookStatus.Retrying ? DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt) : null,
            (int?)LastStatusCode, LastError, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null);
    }

    private sealed class ClaimRow
    {
        public string DeliveryId { get; init; } = "";
        public string WebhookId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string EventId { get; init; } = "";
        public string EventType { get; init; } = "";
        public string Payload { get; init; } = "";
        public long Attempts { get; init; }
    }

    private sealed class AttemptRow
    {
        public long Attempt { get; init; }
        public long AttemptedAt { get; init; }
        public long? StatusCode { get; init; }
        public string? Error { get; init; }
        public long DurationMs { get; init; }
    }
}
