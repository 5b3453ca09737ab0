using Dapper;

namespace CallCentre.Telephony.Calls;

public sealed record SipDialog(string SipCallId, string QueueId, string State, string? AgentId, string? CallerTag, string? PhoneTag, bool WebRtc, bool Held);

public sealed partial class SipCallStore
{
    public async Task<bool> KeepDialogAsync(string sipCallId, string? callerTag, string? phoneTag, bool webRtc, CancellationToken ct = default)
    {
        var kept = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET caller_tag = @CallerTag, phone_tag = @PhoneTag, webrtc = @WebRtc, held = 0
             WHERE sip_call_id = @SipCallId
            """, new { SipCallId = sipCallId, CallerTag = callerTag, PhoneTag = phoneTag, WebRtc = webRtc ? 1 : 0 }), ct);
        return kept == 1;
    }

    public async Task SetHeldAsync(string sipCallId, bool held, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call SET held = @Held WHERE sip_call_id = @SipCallId
            """, new { SipCallId = sipCallId, Held = held ? 1 : 0 }), ct);

    public async Task<IReadOnlyList<SipDialog>> InProgressAsync(CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<DialogRow>("""
            SELECT sip_call_id AS SipCallId, queue_id AS QueueId, state AS State, agent_id AS AgentId, caller_tag AS CallerTag,
                   phone_tag AS PhoneTag, CAST(webrtc AS BIGINT) AS WebRtc, CAST(held AS BIGINT) AS Held
              FROM sip_call
             WHERE state IN (@Queued, @Ringing, @Connected)
            """, new { Queued, Ringing, Connected }), ct);
        return rows.Select(r => new SipDialog(r.SipCallId, r.QueueId, r.State, r.AgentId, r.CallerTag, r.PhoneTag, r.WebRtc == 1, r.Held == 1)).ToList();
    }

    private sealed class DialogRow
    {
        public string SipCallId { get; set; } = "";
        public string QueueId { get; set; } = "";
        public string State { get; set; } = "";
        public string? AgentId { get; set; }
        public string? CallerTag { get; set; }
        public string? PhoneTag { get; set; }
        public long WebRtc { get; set; }
        public long Held { get; set; }
    }
}
