using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
using Dapper;

namespace CallCentre.SlaTracking.Live;

public sealed record StoredAlertState(AlertState State, int Version)
{
    public static readonly StoredAlertState Initial = new(AlertState.OnTarget, 0);
}

/// <summary>A state changes only by a write conditional on the version read: of two replicas one wins, and only its alerts enter the outbox.</summary>
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

    /// <summary>Null when another replica changed the state since it was read.</summary>
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

    public async Task<int> PurgeAsync(DateOnly before, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM sla_alert_state WHERE day < @Before", new { Before = Day(before) }), ct);

    private sealed class Row
    {
        public string State { get; set; } = "";
        public long Version { get; set; }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");
}
