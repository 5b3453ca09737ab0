using System.Data.Common;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Data;

/// <summary>Routing's own record of live calls and agent states, written in one transaction per batch of engine events
/// before the events are published. Ended calls leave the table: their history is SlaTracking's.</summary>
public sealed class RoutingStore(ModuleDatabase<RoutingModule> database)
{
    public ValueTask ApplyAsync(IReadOnlyList<object> events, CancellationToken ct) => database.RunAsync(async (connection, token) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(token);
        foreach (var e in events)
            await ApplyAsync(connection, transaction, e);
        await transaction.CommitAsync(token);
    }, ct);

    private static Task ApplyAsync(DbConnection c, DbTransaction tx, object e) => e switch
    {
        CallQueued q => c.ExecuteAsync("""
            INSERT INTO routing_call (call_id, tenant_id, queue_id, caller_hash, priority, state, agent_id, queued_at, updated_at)
                 VALUES (@CallId, @TenantId, @QueueId, @CallerHash, @Priority, 'Waiting', NULL, @At, @At)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = q.CallId.ToString(), q.TenantId, q.QueueId, q.CallerHash, q.Priority, At = q.QueuedAt.ToUnixTimeMilliseconds() }, tx),
        CallOffered o => SetCallState(c, tx, o.CallId, "Offered", o.AgentId, o.OfferedAt),
        CallAnswered a => SetCallState(c, tx, a.CallId, "OnCall", a.AgentId, a.AnsweredAt),
        CallCompleted d => c.ExecuteAsync("DELETE FROM routing_call WHERE call_id = @Id", new { Id = d.CallId.ToString() }, tx),
        CallAbandoned x => c.ExecuteAsync("DELETE FROM routing_call WHERE call_id = @Id", new { Id = x.CallId.ToString() }, tx),
        AgentStateChanged s => c.ExecuteAsync("""
            INSERT INTO agent_state (agent_id, state, reason, call_id, since)
                 VALUES (@AgentId, @State, @Reason, @CallId, @Since)
            ON CONFLICT (agent_id) DO UPDATE
                    SET state = excluded.state, reason = excluded.reason, call_id = excluded.call_id, since = excluded.since
            """, new { s.AgentId, s.State, s.Reason, CallId = s.CallId?.ToString(), Since = s.ChangedAt.ToUnixTimeMilliseconds() }, tx),
        _ => Task.CompletedTask,
    };

    private static Task SetCallState(DbConnection c, DbTransaction tx, Guid callId, string state, string? agentId, DateTimeOffset at) =>
        c.ExecuteAsync("""
            UPDATE routing_call
               SET state = @state, agent_id = @agentId, updated_at = @at
             WHERE call_id = @id
            """, new { id = callId.ToString(), state, agentId, at = at.ToUnixTimeMilliseconds() }, tx);

    public Task<int> CountLiveCallsAsync(CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.ExecuteScalarAsync<int>("SELECT count(*) FROM routing_call"), ct).AsTask();
}
