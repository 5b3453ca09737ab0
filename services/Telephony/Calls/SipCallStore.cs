using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Telephony.Calls;

public sealed record SipCall(string SipCallId, string TenantId, string QueueId, Guid CallId, string State, string? AgentId, string? CallerTag = null);

/// <summary>Each change is a compare-and-set: a repeated event or a second process finds the state moved on.</summary>
public sealed partial class SipCallStore(ModuleDatabase<TelephonyModule> database, TimeProvider time, SipDialogSeal seal)
{
    public const string Queued = "Queued", Ringing = "Ringing", Connected = "Connected",
        Completed = "Completed", Abandoned = "Abandoned", Refused = "Refused";

    public async Task<bool> AddAsync(SipCall call, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var added = await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO sip_call (sip_call_id, tenant_id, queue_id, call_id, state, agent_id, caller_tag, arrived_at, updated_at)
                 VALUES (@SipCallId, @TenantId, @QueueId, @CallId, @State, @AgentId, @CallerTag, @Now, @Now)
            ON CONFLICT (sip_call_id) DO NOTHING
            """, new { call.SipCallId, call.TenantId, call.QueueId, CallId = call.CallId.ToString(), call.State, call.AgentId, call.CallerTag, Now = now }), ct);
        return added == 1;
    }

    public Task<SipCall?> FindAsync(string sipCallId, CancellationToken ct = default) =>
        FindWhereAsync("sip_call_id = @Id", sipCallId, ct);

    public Task<SipCall?> FindByCallAsync(Guid callId, CancellationToken ct = default) =>
        FindWhereAsync("call_id = @Id", callId.ToString(), ct);

    private async Task<SipCall?> FindWhereAsync(string where, string id, CancellationToken ct)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>($"""
            SELECT sip_call_id AS SipCallId, tenant_id AS TenantId, queue_id AS QueueId, call_id AS CallId, state AS State,
                   agent_id AS AgentId
              FROM sip_call
             WHERE {where}
            """, new { Id = id }), ct);
        return row is null ? null : new SipCall(row.SipCallId, row.TenantId, row.QueueId, Guid.Parse(row.CallId), row.State, row.AgentId);
    }

    /// <summary>Only a waiting call, and only for an offer newer than the one rung last (offers come late, repeated or out of order).</summary>
    public async Task<bool> ClaimOfferAsync(string sipCallId, string agentId, DateTimeOffset offeredAt, CancellationToken ct = default)
    {
        var moved = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET state = @Ringing, agent_id = @AgentId, offered_at = @OfferedAt, updated_at = @Now
             WHERE sip_call_id = @SipCallId AND state = @Queued AND offered_at < @OfferedAt
            """, new
        {
            SipCallId = sipCallId, AgentId = agentId, OfferedAt = offeredAt.ToUnixTimeMilliseconds(), Ringing, Queued,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }), ct);
        return moved == 1;
    }

    public async Task<bool> MoveAsync(string sipCallId, string from, string to, string? agentId, string? fromAgent = null,
        CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ended = to is Completed or Abandoned or Refused ? ", dialog = NULL" : "";
        // PostgreSQL cannot type a null parameter compared with IS NULL: two statements instead of one.
        var sql = fromAgent is null
            ? $"""
              UPDATE sip_call
                 SET state = @To, agent_id = @AgentId, updated_at = @Now{ended}
               WHERE sip_call_id = @SipCallId AND state = @From
              """
            : $"""
              UPDATE sip_call
                 SET state = @To, agent_id = @AgentId, updated_at = @Now{ended}
               WHERE sip_call_id = @SipCallId AND state = @From AND agent_id = @FromAgent
              """;
        var moved = await database.RunAsync((c, _) => c.ExecuteAsync(sql, new { SipCallId = sipCallId, From = from, To = to, AgentId = agentId, FromAgent = fromAgent, Now = now }), ct);
        return moved == 1;
    }

    /// <summary>A connected call leaves its SIP Call-ID for the transfer's address, waiting for the next offer.</summary>
    public async Task<bool> StartTransferAsync(string sipCallId, string fromAgentId, string target, DateTimeOffset after, CancellationToken ct = default)
    {
        var moved = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET sip_call_id = @Target, state = @Queued, updated_at = @Now
             WHERE sip_call_id = @SipCallId AND state = @Connected AND agent_id = @FromAgentId AND offered_at < @After
            """, new
        {
            SipCallId = sipCallId, FromAgentId = fromAgentId, Target = target, After = after.ToUnixTimeMilliseconds(), Queued, Connected,
            Now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }), ct);
        return moved == 1;
    }

    public async Task<bool> RenameAsync(string from, string to, string? callerTag, CancellationToken ct = default)
    {
        var moved = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call SET sip_call_id = @To, caller_tag = @CallerTag, dialog = NULL, updated_at = @Now WHERE sip_call_id = @From
            """, new { From = from, To = to, CallerTag = callerTag, Now = time.GetUtcNow().ToUnixTimeMilliseconds() }), ct);
        return moved == 1;
    }

    /// <summary>A transfer the caller's side refused: the row is the first agent's connected call again.</summary>
    public async Task<bool> RestoreAsync(string target, string sipCallId, string agentId, CancellationToken ct = default)
    {
        var moved = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET sip_call_id = @SipCallId, state = @Connected, agent_id = @AgentId, updated_at = @Now
             WHERE sip_call_id = @Target AND state IN (@Queued, @Ringing)
            """, new { Target = target, SipCallId = sipCallId, AgentId = agentId, Connected, Queued, Ringing, Now = time.GetUtcNow().ToUnixTimeMilliseconds() }), ct);
        return moved == 1;
    }

    private sealed class Row
    {
        public string SipCallId { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string QueueId { get; set; } = "";
        public string CallId { get; set; } = "";
        public string State { get; set; } = "";
        public string? AgentId { get; set; }
    }
}
