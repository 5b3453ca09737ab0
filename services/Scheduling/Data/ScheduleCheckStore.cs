using System.Globalization;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <param name="Result">The check as the API serves it (JSON); a pending check's has no figures yet.</param>
public sealed record DueCheck(Guid Id, string TenantId, DateOnly Day, int Attempts, string Result);

/// <summary>Checks of a what-if (no day) are kept done; checks of a published day go pending, then done or failed.</summary>
public sealed class ScheduleCheckStore(ModuleDatabase<SchedulingModule> database)
{
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task SaveAsync(Guid id, string tenantId, DateTimeOffset at, string by, string result, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO schedule_check (id, tenant_id, checked_at, checked_by, result)
                 VALUES (@Id, @TenantId, @At, @By, @Result)
            """, new { Id = id.ToString("D"), TenantId = tenantId, At = at.ToUnixTimeMilliseconds(), By = by, Result = result }), ct);

    /// <summary>A day already waiting keeps its one pending check: its id is answered and <paramref name="pending"/> is not written.</summary>
    public async Task<Guid> RequestAsync(Guid id, string tenantId, DateOnly day, DateTimeOffset at, string by, string pending, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var waiting = await c.QueryFirstOrDefaultAsync<string>("""
                SELECT id
                  FROM schedule_check
                 WHERE tenant_id = @TenantId AND day = @Day AND status = 'pending'
                """, new { TenantId = tenantId, Day = Day(day) }, tx);
            if (waiting is null)
                await c.ExecuteAsync("""
                    INSERT INTO schedule_check (id, tenant_id, checked_at, checked_by, result, day, status, attempts, next_attempt_at)
                         VALUES (@Id, @TenantId, @At, @By, @Result, @Day, 'pending', 0, @At)
                    """, new { Id = id.ToString("D"), TenantId = tenantId, At = at.ToUnixTimeMilliseconds(), By = by, Result = pending, Day = Day(day) }, tx);
            await tx.CommitAsync(token);
            return waiting is null ? id : Guid.Parse(waiting);
        }, ct);

    public async Task<IReadOnlyList<DueCheck>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string Id, string TenantId, string Day, long Attempts, string Result)>("""
            SELECT id, tenant_id, day, attempts, result
              FROM schedule_check
             WHERE status = 'pending' AND next_attempt_at <= @Now
             ORDER BY next_attempt_at
             LIMIT @Limit
            """, new { Now = now.ToUnixTimeMilliseconds(), Limit = limit }), ct);
        return [.. rows.Select(r => new DueCheck(Guid.Parse(r.Id), r.TenantId, DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            (int)r.Attempts, r.Result))];
    }

    /// <summary><paramref name="nextAttempt"/> null ends the check (done or failed); otherwise it stays pending until then.</summary>
    public async Task UpdateAsync(Guid id, string status, int attempts, DateTimeOffset? nextAttempt, DateTimeOffset at, string result,
        CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE schedule_check
               SET status = @Status, attempts = @Attempts, next_attempt_at = @Next, checked_at = @At, result = @Result
             WHERE id = @Id
            """, new { Id = id.ToString("D"), Status = status, Attempts = attempts, Next = nextAttempt?.ToUnixTimeMilliseconds(),
            At = at.ToUnixTimeMilliseconds(), Result = result }), ct);

    /// <summary>Null when absent or of a tenant not in <paramref name="tenants"/>.</summary>
    public async Task<string?> FindAsync(Guid id, IReadOnlyCollection<string> tenants, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string TenantId, string Result)>("""
            SELECT tenant_id, result
              FROM schedule_check
             WHERE id = @Id
            """, new { Id = id.ToString("D") }), ct);
        return rows.FirstOrDefault() is { TenantId: { } tenant, Result: var result } && tenants.Contains(tenant) ? result : null;
    }

    /// <summary>The checks of the tenant's published day, newest first: a schedule published again is checked again.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, DateOnly day, int limit, CancellationToken ct = default) =>
        [.. await database.RunAsync((c, _) => c.QueryAsync<string>("""
            SELECT result
              FROM schedule_check
             WHERE tenant_id = @TenantId AND day = @Day
             ORDER BY checked_at DESC
             LIMIT @Limit
            """, new { TenantId = tenantId, Day = Day(day), Limit = limit }), ct)];
}
