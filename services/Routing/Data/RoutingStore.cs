using System.Data.Common;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using Dapper;

namespace CallCentre.Routing.Data;

/// <summary>Live calls, agent states and the outbox, written in one transaction per batch (docs/routing.md, Restart).</summary>
public sealed class RoutingStore(ModuleDatabase<RoutingModule> database, string partition = Leadership.RoutingOptions.DefaultPartition)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<long>> ApplyAsync(IReadOnlyList<object> events, CancellationToken ct) => ApplyAsync(events, null, ct);

    /// <summary>Throws <see cref="RoutingNotActiveException"/>, having written nothing, unless <paramref name="fence"/> is the partition's lease.</summary>
    public Task<IReadOnlyList<long>> ApplyAsync(IReadOnlyList<object> events, LeaseTerm? fence, CancellationToken ct, IReadOnlyList<long>? published = null) =>
        database.RunAsync<IReadOnlyList<long>>(async (connection, token) =>
        {
            await using var writes = await RoutingWrites.BeginAsync(connection, token);
            if (fence is not null)
                await writes.ExecuteAsync(RoutingLease.FenceSql, new { fence.Partition, fence.Token });
            if (published is { Count: > 0 })
                await writes.ExecuteAsync(DeletePublished, PublishedRange(published));
            foreach (var e in events)
                await ApplyAsync(writes, e);
            if (writes.Batched)
                await writes.InsertReturningIdsAsync("""
                    INSERT INTO routing_outbox (message_type, body, partition_id)
                    SELECT m.message_type, m.body, @Partition
                      FROM unnest(@Types, @Bodies) WITH ORDINALITY AS m (message_type, body, n)
                     ORDER BY m.n
                    RETURNING id
                    """, new { Types = events.Select(e => e.GetType().FullName!).ToArray(), Bodies = events.Select(Serialize).ToArray(), Partition = partition });
            else
                foreach (var e in events)
                    await writes.InsertReturningIdsAsync("INSERT INTO routing_outbox (message_type, body, partition_id) VALUES (@Type, @Body, @Partition) RETURNING id",
                        new { Type = e.GetType().FullName, Body = Serialize(e), Partition = partition });
            try
            {
                return await writes.CommitAsync(token);
            }
            catch (DbException e) when (e.SqlState == RoutingLease.FenceRefused)
            {
                throw Refused(fence!);
            }
        }, ct).AsTask();

    private static string Serialize(object e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    /// <summary>Before publishing what no write carried (queue snapshots): one statement, one round trip.</summary>
    public async Task CheckFenceAsync(LeaseTerm? fence, CancellationToken ct)
    {
        if (fence is null) return;
        await database.RunAsync(async (connection, token) =>
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(RoutingLease.FenceSql, new { fence.Partition, fence.Token }, cancellationToken: token));
            }
            catch (DbException e) when (e.SqlState == RoutingLease.FenceRefused)
            {
                throw Refused(fence);
            }
        }, ct);
    }

    private static RoutingNotActiveException Refused(LeaseTerm fence) =>
        new($"Routing partition '{fence.Partition}' has a newer leader than token {fence.Token}: the write is refused.");

    private const string DeletePublished = "DELETE FROM routing_outbox WHERE id >= @From AND id <= @To AND partition_id = @Partition";

    private object PublishedRange(IReadOnlyList<long> ids) => new { From = ids.Min(), To = ids.Max(), Partition = partition };

    public async Task DeletePublishedAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await database.RunAsync((c, _) => c.ExecuteAsync(DeletePublished, PublishedRange(ids)), ct);
    }

    /// <summary>Events stored by a previous process but perhaps never published, oldest first.</summary>
    public Task<IReadOnlyList<(long Id, object Message)>> PendingAsync(CancellationToken ct) =>
        database.RunAsync<IReadOnlyList<(long, object)>>(async (c, _) =>
        {
            var rows = await c.QueryAsync<(long Id, string MessageType, string Body)>(
                "SELECT id AS Id, message_type AS MessageType, body AS Body FROM routing_outbox WHERE partition_id = @Partition ORDER BY id",
                new { Partition = partition });
            return rows.Select(r => (r.Id, JsonSerializer.Deserialize(r.Body, typeof(CallQueued).Assembly.GetType(r.MessageType, throwOnError: true)!, Json)!))
                .ToList();
        }, ct).AsTask();

    // Classes with setters, not positional records: SQLite answers INTEGER as Int64 where PostgreSQL answers Int32.
    private sealed class CallRow
    {
        public string CallId { get; set; } = "";
        public string QueueId { get; set; } = "";
        public string CallerHash { get; set; } = "";
        public int Priority { get; set; }
        public string State { get; set; } = "";
        public string? AgentId { get; set; }
        public long QueuedAt { get; set; }
        public long? AnsweredAt { get; set; }
        public double HoldSeconds { get; set; }
        public long? HeldSince { get; set; }
        public string? TransferredBy { get; set; }
        public string? TransferredFromQueue { get; set; }
        public long? TransferredAt { get; set; }
        public string Kind { get; set; } = "";
        public string? CallbackStage { get; set; }
        public int CallbackAttempts { get; set; }
        public long? CallbackRetryAt { get; set; }
        public long? CallbackWindowEnd { get; set; }
        public string? ConsultAgentId { get; set; }
        public string? ConsultQueueId { get; set; }
        public int ConsultTalking { get; set; }
        public long? ConsultStartedAt { get; set; }
    }

    private sealed class AgentRow
    {
        public string AgentId { get; set; } = "";
        public string State { get; set; } = "";
        public string? Reason { get; set; }
        public long Since { get; set; }
        public string? WrapCallId { get; set; }
        public string? WrapTenantId { get; set; }
        public string? WrapQueueId { get; set; }
        public long? WrapQueuedAt { get; set; }
        public long? WrapStartedAt { get; set; }
        public long? WrapEndsAt { get; set; }
        public long? WrapAnsweredAt { get; set; }
        public double? WrapTalkSeconds { get; set; }
        public double? WrapHoldSeconds { get; set; }
        public string? WrapEndedBy { get; set; }
        public string? WrapDisposition { get; set; }

        public RestoredAgent ToRestored() =>
            new(AgentId, Enum.Parse<AgentState>(State), Reason, DateTimeOffset.FromUnixTimeMilliseconds(Since))
            {
                WrapUp = WrapCallId is not null && WrapTenantId is not null && WrapQueueId is not null && WrapQueuedAt is { } queued
                         && WrapStartedAt is { } started
                    ? new WrapUpLeg(Guid.Parse(WrapCallId), WrapTenantId, WrapQueueId, DateTimeOffset.FromUnixTimeMilliseconds(queued),
                        DateTimeOffset.FromUnixTimeMilliseconds(started))
                    {
                        AnsweredAt = WrapAnsweredAt is { } answered ? DateTimeOffset.FromUnixTimeMilliseconds(answered) : null,
                        TalkSeconds = WrapTalkSeconds ?? 0,
                        HoldSeconds = WrapHoldSeconds ?? 0,
                        EndedBy = WrapEndedBy,
                        Disposition = WrapDisposition,
                    }
                    : null,
                WrapUpEndsAt = WrapEndsAt is { } ends ? DateTimeOffset.FromUnixTimeMilliseconds(ends) : null,
            };
    }

    public Task<(IReadOnlyList<RestoredAgent> Agents, IReadOnlyList<RestoredCall> Calls)> LoadAsync(CancellationToken ct) =>
        database.RunAsync<(IReadOnlyList<RestoredAgent>, IReadOnlyList<RestoredCall>)>(async (c, _) =>
        {
            var agents = (await c.QueryAsync<AgentRow>("""
                    SELECT agent_id AS AgentId, state AS State, reason AS Reason, since AS Since,
                           wrap_call_id AS WrapCallId, wrap_tenant_id AS WrapTenantId, wrap_queue_id AS WrapQueueId,
                           wrap_queued_at AS WrapQueuedAt, wrap_started_at AS WrapStartedAt, wrap_ends_at AS WrapEndsAt,
                           wrap_answered_at AS WrapAnsweredAt, wrap_talk_seconds AS WrapTalkSeconds, wrap_hold_seconds AS WrapHoldSeconds,
                           wrap_ended_by AS WrapEndedBy, wrap_disposition AS WrapDisposition
                      FROM agent_state
                    """))
                .Select(a => a.ToRestored())
                .ToList();
            var calls = (await c.QueryAsync<CallRow>("""
                    SELECT call_id AS CallId, queue_id AS QueueId, caller_hash AS CallerHash, priority AS Priority, state AS State,
                           agent_id AS AgentId, queued_at AS QueuedAt, answered_at AS AnsweredAt,
                           hold_seconds AS HoldSeconds, held_since AS HeldSince, kind AS Kind,
                           callback_stage AS CallbackStage, callback_attempts AS CallbackAttempts, callback_retry_at AS CallbackRetryAt,
                           callback_window_end AS CallbackWindowEnd,
                           consult_agent_id AS ConsultAgentId, consult_queue_id AS ConsultQueueId, consult_talking AS ConsultTalking,
                           consult_started_at AS ConsultStartedAt, transferred_by AS TransferredBy,
                           transferred_from_queue AS TransferredFromQueue, transferred_at AS TransferredAt
                      FROM routing_call
                     ORDER BY queued_at
                    """))
                .Select(r => new RestoredCall(Guid.Parse(r.CallId), r.QueueId, r.CallerHash, r.Priority,
                    DateTimeOffset.FromUnixTimeMilliseconds(r.QueuedAt), Enum.Parse<CallState>(r.State), r.AgentId,
                    r.AnsweredAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null)
                {
                    HoldSeconds = r.HoldSeconds,
                    HeldSince = r.HeldSince is { } held ? DateTimeOffset.FromUnixTimeMilliseconds(held) : null,
                    Kind = ContactKindNames.TryParse(r.Kind, out var kind) ? kind : ContactKind.Voice,
                    Callback = Enum.TryParse<CallbackStage>(r.CallbackStage, out var stage) ? stage : CallbackStage.None,
                    CallbackAttempts = r.CallbackAttempts,
                    CallbackRetryAt = r.CallbackRetryAt is { } retry ? DateTimeOffset.FromUnixTimeMilliseconds(retry) : null,
                    CallbackWindowEnd = r.CallbackWindowEnd is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
                    Consult = r is { ConsultAgentId: { } consulted, ConsultStartedAt: { } consultAt }
                        ? new RestoredConsult(consulted, r.ConsultQueueId, r.ConsultTalking != 0, DateTimeOffset.FromUnixTimeMilliseconds(consultAt))
                        : null,
                    Transfer = r is { TransferredBy: { } by, TransferredFromQueue: { } fromQueue, TransferredAt: { } transferredAt }
                        ? new RestoredTransfer(by, fromQueue, DateTimeOffset.FromUnixTimeMilliseconds(transferredAt))
                        : null,
                })
                .ToList();
            return (agents, calls);
        }, ct).AsTask();

    private static Task ApplyAsync(RoutingWrites c, object e) => e switch
    {
        CallQueued q => c.ExecuteAsync("""
            INSERT INTO routing_call (call_id, tenant_id, queue_id, caller_hash, priority, state, agent_id, queued_at, updated_at, kind)
                 VALUES (@CallId, @TenantId, @QueueId, @CallerHash, @Priority, 'Waiting', NULL, @At, @At, @Kind)
            ON CONFLICT (call_id) DO NOTHING
            """, new { CallId = q.CallId.ToString(), q.TenantId, q.QueueId, q.CallerHash, q.Priority, At = q.QueuedAt.ToUnixTimeMilliseconds(), q.Kind }),
        CallOffered o => SetCallState(c, o.CallId, "Offered", o.AgentId, o.OfferedAt, null),
        CallAnswered a => SetCallState(c, a.CallId, "OnCall", a.AgentId, a.AnsweredAt, a.AnsweredAt),
        CallOverflowed o => MoveCall(c, o.CallId, o.ToQueueId, o.OverflowedAt),
        CallTransferred t => MoveCallAndStartWrapUp(c, t),
        CallTransferFailed f => c.ExecuteAsync("""
            UPDATE routing_call SET queue_id = @QueueId, transferred_by = NULL, transferred_from_queue = NULL, transferred_at = NULL
             WHERE call_id = @Id
            """, new { Id = f.CallId.ToString(), f.QueueId }),
        // Each carries the leg's hold so far: setting (not adding) keeps a replayed event harmless.
        CallHeld h => SetHold(c, h.CallId, h.HoldSeconds, h.HeldAt),
        CallResumed r => SetHold(c, r.CallId, r.HoldSeconds, null),
        CallCompleted d => DeleteAndStartWrapUp(c, d),
        CallConsultStarted k => c.ExecuteAsync("""
            UPDATE routing_call
               SET consult_agent_id = @ToAgentId, consult_queue_id = @ToQueueId, consult_talking = 0, consult_started_at = @At
             WHERE call_id = @Id AND state = 'OnCall'
            """, new { Id = k.CallId.ToString(), k.ToAgentId, k.ToQueueId, At = k.StartedAt.ToUnixTimeMilliseconds() }),
        CallConsultAnswered k => c.ExecuteAsync("""
            UPDATE routing_call SET consult_talking = 1 WHERE call_id = @Id AND consult_agent_id = @ToAgentId
            """, new { Id = k.CallId.ToString(), k.ToAgentId }),
        CallConsultEnded k => c.ExecuteAsync("""
            UPDATE routing_call
               SET consult_agent_id = NULL, consult_queue_id = NULL, consult_talking = 0, consult_started_at = NULL
             WHERE call_id = @Id AND consult_started_at = @StartedAt
            """, new { Id = k.CallId.ToString(), StartedAt = k.StartedAt.ToUnixTimeMilliseconds() }),
        CallWrapUpEnded w => c.ExecuteAsync("""
            UPDATE agent_state
               SET wrap_call_id = NULL, wrap_tenant_id = NULL, wrap_queue_id = NULL, wrap_queued_at = NULL,
                   wrap_started_at = NULL, wrap_ends_at = NULL, wrap_answered_at = NULL, wrap_talk_seconds = NULL,
                   wrap_hold_seconds = NULL, wrap_ended_by = NULL, wrap_disposition = NULL
             WHERE agent_id = @AgentId AND wrap_call_id = @CallId AND wrap_started_at = @StartedAt
            """, new { w.AgentId, CallId = w.CallId.ToString(), StartedAt = w.StartedAt.ToUnixTimeMilliseconds() }),
        CallbackRequested r => c.ExecuteAsync("""
            UPDATE routing_call
               SET kind = 'callback', callback_stage = 'Waiting', updated_at = @At, callback_retry_at = COALESCE(@DueAt, callback_retry_at),
                   callback_window_end = COALESCE(@WindowEnd, callback_window_end)
             WHERE call_id = @Id
            """, new { Id = r.CallId.ToString(), At = r.RequestedAt.ToUnixTimeMilliseconds(), DueAt = r.DueAt?.ToUnixTimeMilliseconds(),
                WindowEnd = r.WindowEndsAt?.ToUnixTimeMilliseconds() }),
        CallbackDialRequested d => c.ExecuteAsync("""
            UPDATE routing_call
               SET state = 'OnCall', agent_id = @AgentId, answered_at = @At, updated_at = @At, callback_stage = 'Dialing'
             WHERE call_id = @Id
            """, new { Id = d.CallId.ToString(), d.AgentId, At = d.RequestedAt.ToUnixTimeMilliseconds() }),
        CallbackAttempted a => RecordAttempt(c, a),
        CallAbandoned x => Delete(c, x.CallId),
        CallRejected r => Delete(c, r.CallId),
        AgentStateChanged s => c.ExecuteAsync("""
            INSERT INTO agent_state (agent_id, state, reason, call_id, since)
                 VALUES (@AgentId, @State, @Reason, @CallId, @Since)
            ON CONFLICT (agent_id) DO UPDATE
                    SET state = excluded.state, reason = excluded.reason, call_id = excluded.call_id, since = excluded.since
            """, new { s.AgentId, s.State, s.Reason, CallId = s.CallId?.ToString(), Since = s.ChangedAt.ToUnixTimeMilliseconds() }),
        _ => Task.CompletedTask,
    };

    private static Task SetCallState(RoutingWrites c, Guid callId, string state, string? agentId, DateTimeOffset at, DateTimeOffset? answeredAt) =>
        c.ExecuteAsync("""
            UPDATE routing_call
               SET state = @state, agent_id = @agentId, updated_at = @at, answered_at = COALESCE(@answeredAt, answered_at),
                   hold_seconds = 0, held_since = NULL,
                   transferred_by = CASE WHEN @answeredAt IS NULL THEN transferred_by END,
                   transferred_from_queue = CASE WHEN @answeredAt IS NULL THEN transferred_from_queue END,
                   transferred_at = CASE WHEN @answeredAt IS NULL THEN transferred_at END
             WHERE call_id = @id
            """, new { id = callId.ToString(), state, agentId, at = at.ToUnixTimeMilliseconds(), answeredAt = answeredAt?.ToUnixTimeMilliseconds() });

    private static Task MoveCall(RoutingWrites c, Guid callId, string queueId, DateTimeOffset at) =>
        c.ExecuteAsync("""
            UPDATE routing_call
               SET queue_id = @queueId, state = 'Waiting', agent_id = NULL, answered_at = NULL, updated_at = @at,
                   hold_seconds = 0, held_since = NULL
             WHERE call_id = @id
            """, new { id = callId.ToString(), queueId, at = at.ToUnixTimeMilliseconds() });

    private static Task SetHold(RoutingWrites c, Guid callId, double holdSeconds, DateTimeOffset? heldSince) =>
        c.ExecuteAsync("""
            UPDATE routing_call
               SET hold_seconds = @holdSeconds, held_since = @heldSince
             WHERE call_id = @id AND state = 'OnCall'
            """, new { id = callId.ToString(), holdSeconds, heldSince = heldSince?.ToUnixTimeMilliseconds() });

    private static async Task DeleteAndStartWrapUp(RoutingWrites c, CallCompleted d)
    {
        await Delete(c, d.CallId);
        await StartWrapUp(c, d.AgentId, new WrappedLeg(d.CallId, d.TenantId, d.QueueId, d.QueuedAt, d.AnsweredAt, d.CompletedAt,
            d.TalkSeconds, d.HoldSeconds, CallLegEnd.Completed, d.Disposition), d.WrapUpSeconds);
    }

    private static async Task MoveCallAndStartWrapUp(RoutingWrites c, CallTransferred t)
    {
        // CallTransferred does not carry the answer: the live call's row has it until the move below clears it.
        if (t.WrapUpSeconds > 0)
            await c.ExecuteAsync("""
                UPDATE agent_state
                   SET wrap_call_id = @CallId, wrap_tenant_id = @TenantId, wrap_queue_id = @QueueId, wrap_queued_at = @QueuedAt,
                       wrap_started_at = @StartedAt, wrap_ends_at = @EndsAt, wrap_answered_at = answered.at,
                       wrap_talk_seconds = CASE WHEN (@StartedAt - answered.at) / 1000.0 - @HoldSeconds > 0
                                                THEN (@StartedAt - answered.at) / 1000.0 - @HoldSeconds ELSE 0 END,
                       wrap_hold_seconds = @HoldSeconds, wrap_ended_by = @EndedBy, wrap_disposition = NULL
                  FROM (SELECT answered_at AS at FROM routing_call WHERE call_id = @CallId AND answered_at IS NOT NULL) AS answered
                 WHERE agent_id = @AgentId
                """, new
            {
                t.AgentId, CallId = t.CallId.ToString(), t.TenantId, QueueId = t.FromQueueId, QueuedAt = t.QueuedAt.ToUnixTimeMilliseconds(),
                StartedAt = t.TransferredAt.ToUnixTimeMilliseconds(), EndsAt = t.TransferredAt.AddSeconds(t.WrapUpSeconds).ToUnixTimeMilliseconds(),
                t.HoldSeconds, EndedBy = CallLegEnd.Transferred,
            });
        await MoveCall(c, t.CallId, t.ToQueueId, t.TransferredAt);
        await c.ExecuteAsync("""
            UPDATE routing_call SET transferred_by = @AgentId, transferred_from_queue = @FromQueueId, transferred_at = @At
             WHERE call_id = @Id
            """, new { Id = t.CallId.ToString(), t.AgentId, t.FromQueueId, At = t.TransferredAt.ToUnixTimeMilliseconds() });
    }

    private sealed record WrappedLeg(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset AnsweredAt,
        DateTimeOffset EndedAt, double TalkSeconds, double HoldSeconds, string EndedBy, string? Disposition);

    /// <summary>Kept until CallWrapUpEnded, so that after a restart the engine can still report the leg.</summary>
    private static Task StartWrapUp(RoutingWrites c, string agentId, WrappedLeg leg, double wrapUpSeconds) =>
        wrapUpSeconds <= 0
            ? Task.CompletedTask
            : c.ExecuteAsync("""
                UPDATE agent_state
                   SET wrap_call_id = @CallId, wrap_tenant_id = @TenantId, wrap_queue_id = @QueueId, wrap_queued_at = @QueuedAt,
                       wrap_started_at = @StartedAt, wrap_ends_at = @EndsAt, wrap_answered_at = @AnsweredAt,
                       wrap_talk_seconds = @TalkSeconds, wrap_hold_seconds = @HoldSeconds, wrap_ended_by = @EndedBy,
                       wrap_disposition = @Disposition
                 WHERE agent_id = @AgentId
                """, new
            {
                AgentId = agentId, CallId = leg.CallId.ToString(), leg.TenantId, leg.QueueId,
                QueuedAt = leg.QueuedAt.ToUnixTimeMilliseconds(), StartedAt = leg.EndedAt.ToUnixTimeMilliseconds(),
                EndsAt = leg.EndedAt.AddSeconds(wrapUpSeconds).ToUnixTimeMilliseconds(), AnsweredAt = leg.AnsweredAt.ToUnixTimeMilliseconds(),
                leg.TalkSeconds, leg.HoldSeconds, leg.EndedBy, leg.Disposition,
            });

    private static async Task Delete(RoutingWrites c, Guid callId)
    {
        await c.ExecuteAsync("DELETE FROM routing_call WHERE call_id = @Id", new { Id = callId.ToString() });
        await c.ExecuteAsync("DELETE FROM callback_number WHERE call_id = @Id", new { Id = callId.ToString() });
    }

    /// <summary>The number goes with the last dial (the customer reached, or no attempt left), in the same transaction.</summary>
    private static async Task RecordAttempt(RoutingWrites c, CallbackAttempted a)
    {
        var id = a.CallId.ToString();
        await c.ExecuteAsync("""
            INSERT INTO callback_attempt (call_id, attempt, tenant_id, queue_id, agent_id, outcome, attempted_at)
                 VALUES (@Id, @Attempt, @TenantId, @QueueId, @AgentId, @Outcome, @At)
            ON CONFLICT (call_id, attempt) DO NOTHING
            """, new { Id = id, a.Attempt, a.TenantId, a.QueueId, a.AgentId, a.Outcome, At = a.AttemptedAt.ToUnixTimeMilliseconds() });
        if (a.Final)
            await c.ExecuteAsync("DELETE FROM callback_number WHERE call_id = @Id", new { Id = id });
        if (a.Outcome == CallbackOutcomes.Connected)
            await c.ExecuteAsync("UPDATE routing_call SET callback_stage = 'Connected', callback_attempts = @Attempt WHERE call_id = @Id",
                new { Id = id, a.Attempt });
        else if (a.RetryAt is { } retryAt)
            await c.ExecuteAsync("""
                UPDATE routing_call
                   SET state = 'Waiting', agent_id = NULL, answered_at = NULL, callback_stage = 'Waiting', callback_attempts = @Attempt,
                       callback_retry_at = @RetryAt, updated_at = @At
                 WHERE call_id = @Id
                """, new { Id = id, a.Attempt, RetryAt = retryAt.ToUnixTimeMilliseconds(), At = a.AttemptedAt.ToUnixTimeMilliseconds() });
    }

    public Task<string?> TenantOfCallAsync(Guid callId, CancellationToken ct) =>
        database.RunAsync((c, _) => c.ExecuteScalarAsync<string?>("SELECT tenant_id FROM routing_call WHERE call_id = @Id",
            new { Id = callId.ToString() }), ct).AsTask();

    public Task<int> CountLiveCallsAsync(CancellationToken ct = default) =>
        database.RunAsync((c, _) => c.ExecuteScalarAsync<int>("SELECT count(*) FROM routing_call"), ct).AsTask();
}
