using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
using Dapper;

namespace CallCentre.SlaTracking.Live;

/// <summary>A queue's alert state for one tenant day, and the version that changes with it.</summary>
public sealed record StoredAlertState(AlertState State, int Version)
{
    /// <summary>A day no replica has written yet.</summary>
    public static readonly StoredAlertState Initial = new(AlertState.OnTarget, 0);
}

/// <summary>The breach/at-risk state of each queue and tenant day, shared by every SlaTracking replica: a state changes only by
/// a write conditional on the version read (or on the row not existing yet), so of two replicas that evaluate the same figures
/// one wins, and only the winner's alerts enter the outbox, in the same transaction.</summary>
public sealed class AlertStateStore(ModuleDatabase<SlaTrackingModule> database)
{
    public async Task<StoredAlertState> ReadAsync(string tenantId, string queueId, DateOnly day, CancellationToken ct = default)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>("""
            SELECT state, version
              FROM sla_alert_state
             WHERE tenant_id = @TenantId AND queue_id = @QueueId AND day = @Day
            """, new { TenantId = tenantId, QueueId = queueId, Day = Day(day) }), ct);
        return row is null ? StoredAlertState.Initial : new StoredAlertState(Enum.Parse<AlertState>(row.State), (int)row.Version);
    }

    /// <summary>Moves the state from <paramref name="read"/> to <paramref name="next"/> and adds <paramref name="alerts"/> to the
    /// outbox, in one transaction; answers the outbox ids, or null when another replica changed the state since it was read.</summary>
    public async Task<IReadOnlyList<long>?> ChangeAsync(string tenantId, string queueId, DateOnly day, StoredAlertState read, AlertState next,
        IReadOnlyList<object> alerts, DateTimeOffset now, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<long>?>(async (c, token) =>
        {
            await using var transaction = await c.BeginTransactionAsync(token);
            var p = new
            {
                TenantId = tenantId, QueueId = queueId, Day = Day(day), State = next.ToString(), read.Version, Next = read.Version + 1,
                At = now.ToUnixTimeMilliseconds(),
            };
            var won = read.Version == 0
                ? await c.ExecuteAsync("""
                    INSERT INTO sla_alert_state (tenant_id, queue_id, day, state, version, changed_at)
                         VALUES (@TenantId, @QueueId, @Day, @State, @Next, @At)
                    ON CONFLICT (tenant_id, queue_id, day) DO NOTHING
                    """, p, transaction)
                : await c.ExecuteAsync("""
                    UPDATE sla_alert_state
                       SET state = @State, version = @Next, changed_at = @At
                     WHERE tenant_id = @TenantId AND queue_id = @QueueId AND day = @Day AND version = @Version
                    """, p, transaction);
            if (won != 1)
                return null;
            var ids = new List<long>(alerts.Count);
            foreach (var alert in alerts)
                ids.Add(await AlertOutbox<SlaTrackingModule>.AddAsync(c, transaction, alert, tenantId, now));
            await transaction.CommitAsync(token);
            return ids;
        }, ct);

    /// <summary>Deletes the states of days before <paramref name="before"/> (their alerts are history); answers how many.</summary>
    public async Task<int> PurgeAsync(DateOnly before, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM sla_alert_state WHERE day < @Before", new { Before = Day(before) }), ct);

    private sealed class Row
    {
        public string State { get; set; } = "";
        public long Version { get; set; }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");
}
