using System.Text.Json;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Delivery;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Data;

/// <summary>A delivery claimed by this replica: <see cref="Token"/> proves it still holds it when it records the outcome.</summary>
public sealed record DeliveryClaim(Guid ScheduleId, string Period, string TenantId, int Attempt, string Token);

public sealed record DeliveryLogEntry(Guid ScheduleId, string Period, int Attempt, DateTimeOffset AttemptedAt, IReadOnlyList<string> Recipients,
    string Status, string? Error);

/// <summary>Schedules, the per-period claims that send each period once across replicas and restarts, and the log of attempts.</summary>
public sealed class DeliveryStore(ModuleDatabase<SlaTrackingModule> database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private const string ScheduleColumns = """
        schedule_id AS ScheduleId, tenant_id AS TenantId, frequency AS Frequency, weekday AS Weekday, day_of_month AS DayOfMonth,
        local_time AS LocalTime, recipients AS Recipients, attachments AS Attachments, language AS Language, created_by AS CreatedBy,
        created_at AS CreatedAt, changed_at AS ChangedAt
        """;

    public async Task<IReadOnlyList<DeliverySchedule>> ListSchedulesAsync(string? tenantId, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<ScheduleRow>(
            $"SELECT {ScheduleColumns} FROM delivery_schedule {(tenantId is null ? "" : "WHERE tenant_id = @TenantId")} ORDER BY created_at, schedule_id",
            new { TenantId = tenantId }), ct);
        return rows.Select(r => r.ToSchedule()).ToList();
    }

    public async Task<DeliverySchedule?> FindScheduleAsync(string tenantId, Guid id, CancellationToken ct = default)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<ScheduleRow>(
            $"SELECT {ScheduleColumns} FROM delivery_schedule WHERE tenant_id = @TenantId AND schedule_id = @Id",
            new { TenantId = tenantId, Id = id.ToString() }), ct);
        return row?.ToSchedule();
    }

    public Task SaveScheduleAsync(DeliverySchedule s, CancellationToken ct = default) => database.RunAsync((c, _) => c.ExecuteAsync("""
        INSERT INTO delivery_schedule (schedule_id, tenant_id, frequency, weekday, day_of_month, local_time, recipients, attachments,
                                       language, created_by, created_at, changed_at)
             VALUES (@Id, @TenantId, @Frequency, @Weekday, @DayOfMonth, @LocalTime, @Recipients, @Attachments, @Language, @CreatedBy,
                     @CreatedAt, @ChangedAt)
        ON CONFLICT (schedule_id) DO UPDATE
                SET frequency = excluded.frequency, weekday = excluded.weekday, day_of_month = excluded.day_of_month,
                    local_time = excluded.local_time, recipients = excluded.recipients, attachments = excluded.attachments,
                    language = excluded.language, changed_at = excluded.changed_at
        """, new
    {
        Id = s.Id.ToString(), s.TenantId, Frequency = s.Frequency.ToString().ToLowerInvariant(), Weekday = (int?)s.Weekday,
        s.DayOfMonth, LocalTime = TimePattern.Format(s.Time), Recipients = JsonSerializer.Serialize(s.Recipients, Json),
        Attachments = JsonSerializer.Serialize(s.Attachments.Select(a => a.ToString().ToLowerInvariant()), Json), s.Language, s.CreatedBy,
        CreatedAt = s.CreatedAt.ToUnixTimeMilliseconds(), ChangedAt = s.ChangedAt.ToUnixTimeMilliseconds(),
    }), ct).AsTask();

    /// <summary>Removes the schedule and cancels its unsent periods; its log stays.</summary>
    public async Task<bool> DeleteScheduleAsync(string tenantId, Guid id, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var removed = await c.ExecuteAsync("DELETE FROM delivery_schedule WHERE tenant_id = @TenantId AND schedule_id = @Id",
                new { TenantId = tenantId, Id = id.ToString() }, transaction);
            await c.ExecuteAsync("UPDATE delivery SET status = 'cancelled' WHERE schedule_id = @Id AND status IN ('pending', 'retrying')",
                new { Id = id.ToString() }, transaction);
            await transaction.CommitAsync(token);
            return removed > 0;
        }, ct);

    /// <summary>Records that the period is due; a period already recorded (by this or another replica) stays as it is.</summary>
    public Task RecordDueAsync(DeliverySchedule schedule, string period, DateTimeOffset dueAt, CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO delivery (schedule_id, period, tenant_id, due_at, status, attempts, next_attempt_at, claimed_until)
                 VALUES (@Id, @Period, @TenantId, @DueAt, 'pending', 0, @DueAt, 0)
            ON CONFLICT (schedule_id, period) DO NOTHING
            """, new { Id = schedule.Id.ToString(), Period = period, schedule.TenantId, DueAt = dueAt.ToUnixTimeMilliseconds() }), ct).AsTask();

    /// <summary>Claims up to <paramref name="limit"/> deliveries whose attempt is due, or whose holder's lease ran out. The update
    /// succeeds for one replica only: it matches the attempt count and lease it read.</summary>
    public async Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit = 20, CancellationToken ct = default)
    {
        var at = now.ToUnixTimeMilliseconds();
        var candidates = await database.RunAsync((c, _) => c.QueryAsync<DeliveryRow>("""
            SELECT schedule_id AS ScheduleId, period AS Period, tenant_id AS TenantId, status AS Status, attempts AS Attempts,
                   claimed_until AS ClaimedUntil
              FROM delivery
             WHERE (status IN ('pending', 'retrying') AND next_attempt_at <= @Now) OR (status = 'sending' AND claimed_until <= @Now)
             ORDER BY next_attempt_at
             LIMIT @Limit
            """, new { Now = at, Limit = limit }), ct);
        var claims = new List<DeliveryClaim>();
        foreach (var row in candidates)
        {
            var token = Guid.NewGuid().ToString("N");
            var won = await database.RunAsync((c, _) => c.ExecuteAsync("""
                UPDATE delivery
                   SET status = 'sending', attempts = attempts + 1, claimed_until = @Until, claim_token = @Token
                 WHERE schedule_id = @ScheduleId AND period = @Period AND status = @Status AND attempts = @Attempts
                   AND claimed_until = @ClaimedUntil
                """, new { Until = (now + lease).ToUnixTimeMilliseconds(), Token = token, row.ScheduleId, row.Period, row.Status,
                row.Attempts, row.ClaimedUntil }), ct);
            if (won == 1)
                claims.Add(new DeliveryClaim(Guid.Parse(row.ScheduleId), row.Period, row.TenantId, (int)row.Attempts + 1, token));
        }
        return claims;
    }

    /// <summary>Records the attempt's outcome in the log; the delivery becomes <c>sent</c>, <c>retrying</c> (at
    /// <paramref name="retryAt"/>) or <c>failed</c>, unless another replica took the claim over meanwhile.</summary>
    public Task RecordAttemptAsync(DeliveryClaim claim, DateTimeOffset at, IReadOnlyList<string> recipients, string status, string? error,
        DateTimeOffset? retryAt, CancellationToken ct = default) =>
        database.RunAsync(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            await c.ExecuteAsync("""
                UPDATE delivery
                   SET status = @Status, claimed_until = 0, next_attempt_at = @NextAttempt, sent_at = @SentAt
                 WHERE schedule_id = @ScheduleId AND period = @Period AND claim_token = @Token
                """, new
            {
                Status = status, NextAttempt = (retryAt ?? at).ToUnixTimeMilliseconds(), SentAt = status == "sent" ? at.ToUnixTimeMilliseconds() : (long?)null,
                ScheduleId = claim.ScheduleId.ToString(), claim.Period, claim.Token,
            }, transaction);
            await c.ExecuteAsync("""
                INSERT INTO delivery_attempt (schedule_id, tenant_id, period, attempt, attempted_at, recipients, status, error)
                     VALUES (@ScheduleId, @TenantId, @Period, @Attempt, @At, @Recipients, @Status, @Error)
                """, new
            {
                ScheduleId = claim.ScheduleId.ToString(), claim.TenantId, claim.Period, claim.Attempt, At = at.ToUnixTimeMilliseconds(),
                Recipients = JsonSerializer.Serialize(recipients, Json), Status = status, Error = error,
            }, transaction);
            await transaction.CommitAsync(token);
        }, ct).AsTask();

    /// <summary>One tenant's delivery attempts, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryLogEntry>> ListLogAsync(string tenantId, int limit = 500, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<AttemptRow>("""
            SELECT schedule_id AS ScheduleId, period AS Period, attempt AS Attempt, attempted_at AS AttemptedAt, recipients AS Recipients,
                   status AS Status, error AS Error
              FROM delivery_attempt
             WHERE tenant_id = @TenantId
             ORDER BY attempted_at DESC, id DESC
             LIMIT @Limit
            """, new { TenantId = tenantId, Limit = limit }), ct);
        return rows.Select(r => new DeliveryLogEntry(Guid.Parse(r.ScheduleId), r.Period, (int)r.Attempt,
            DateTimeOffset.FromUnixTimeMilliseconds(r.AttemptedAt), JsonSerializer.Deserialize<string[]>(r.Recipients, Json) ?? [], r.Status,
            r.Error)).ToList();
    }

    private sealed class ScheduleRow
    {
        public string ScheduleId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string Frequency { get; init; } = "";
        public long? Weekday { get; init; }
        public long? DayOfMonth { get; init; }
        public string LocalTime { get; init; } = "";
        public string Recipients { get; init; } = "[]";
        public string Attachments { get; init; } = "[]";
        public string? Language { get; init; }
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long ChangedAt { get; init; }

        public DeliverySchedule ToSchedule() => new(Guid.Parse(ScheduleId), TenantId, Enum.Parse<DeliveryFrequency>(Frequency, true),
            (IsoDayOfWeek?)Weekday, (int?)DayOfMonth, TimePattern.Parse(LocalTime).Value,
            JsonSerializer.Deserialize<string[]>(Recipients, Json) ?? [],
            (JsonSerializer.Deserialize<string[]>(Attachments, Json) ?? []).Select(a => Enum.Parse<DeliveryAttachment>(a, true)).ToList(),
            Language, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(ChangedAt));
    }

    private sealed class DeliveryRow
    {
        public string ScheduleId { get; init; } = "";
        public string Period { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public long ClaimedUntil { get; init; }
    }

    private sealed class AttemptRow
    {
        public string ScheduleId { get; init; } = "";
        public string Period { get; init; } = "";
        public long Attempt { get; init; }
        public long AttemptedAt { get; init; }
        public string Recipients { get; init; } = "[]";
        public string Status { get; init; } = "";
        public string? Error { get; init; }
    }
}
