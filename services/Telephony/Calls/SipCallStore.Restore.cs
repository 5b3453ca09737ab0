using CallCentre.Telephony.Kamailio;
using Dapper;

namespace CallCentre.Telephony.Calls;

public sealed record SipDialog(string SipCallId, string QueueId, string State, string? AgentId, string? CallerTag, string? PhoneTag, bool WebRtc, bool Held,
    SipDialogAddresses? Addresses = null, long CallerCseq = 0, long PhoneCseq = 0);

public sealed partial class SipCallStore
{
    public async Task<bool> KeepDialogAsync(string sipCallId, string? callerTag, string? phoneTag, bool webRtc, SipDialogAddresses? addresses = null,
        long callerCseq = 0, long phoneCseq = 0, CancellationToken ct = default)
    {
        var kept = await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET caller_tag = @CallerTag, phone_tag = @PhoneTag, webrtc = @WebRtc, held = 0, dialog = @Dialog,
                   caller_cseq = @CallerCseq, phone_cseq = @PhoneCseq
             WHERE sip_call_id = @SipCallId
            """, new
        {
            SipCallId = sipCallId, CallerTag = callerTag, PhoneTag = phoneTag, WebRtc = webRtc ? 1 : 0,
            Dialog = addresses is null ? null : seal.Seal(sipCallId, addresses), CallerCseq = callerCseq, PhoneCseq = phoneCseq,
        }), ct);
        return kept == 1;
    }

    public async Task KeepCseqsAsync(string sipCallId, long? callerCseq, long? phoneCseq, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call
               SET caller_cseq = CASE WHEN @CallerCseq > caller_cseq THEN @CallerCseq ELSE caller_cseq END,
                   phone_cseq = CASE WHEN @PhoneCseq > phone_cseq THEN @PhoneCseq ELSE phone_cseq END
             WHERE sip_call_id = @SipCallId
            """, new { SipCallId = sipCallId, CallerCseq = callerCseq ?? 0, PhoneCseq = phoneCseq ?? 0 }), ct);

    public async Task SetHeldAsync(string sipCallId, bool held, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            UPDATE sip_call SET held = @Held WHERE sip_call_id = @SipCallId
            """, new { SipCallId = sipCallId, Held = held ? 1 : 0 }), ct);

    public async Task<IReadOnlyList<SipDialog>> InProgressAsync(CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<DialogRow>("""
            SELECT sip_call_id AS SipCallId, queue_id AS QueueId, state AS State, agent_id AS AgentId, caller_tag AS CallerTag,
                   phone_tag AS PhoneTag, CAST(webrtc AS BIGINT) AS WebRtc, CAST(held AS BIGINT) AS Held, dialog AS Dialog,
                   caller_cseq AS CallerCseq, phone_cseq AS PhoneCseq
              FROM sip_call
             WHERE state IN (@Queued, @Ringing, @Connected)
            """, new { Queued, Ringing, Connected }), ct);
        return rows.Select(r => new SipDialog(r.SipCallId, r.QueueId, r.State, r.AgentId, r.CallerTag, r.PhoneTag, r.WebRtc == 1, r.Held == 1,
            r.State == Connected && r.Dialog is { } sealedDialog ? seal.Open(r.SipCallId, sealedDialog) : null, r.CallerCseq, r.PhoneCseq)).ToList();
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
        public string? Dialog { get; set; }
        public long CallerCseq { get; set; }
        public long PhoneCseq { get; set; }
    }
}
