using System.Text.Json.Serialization;

namespace CallCentre.Telephony.Kamailio;

/// <summary>What Kamailio reports about a caller's SIP call (deploy/telephony/kamailio.cfg writes these).</summary>
/// <param name="Code">The agent phone's final SIP status (<c>branch-failed</c>): 408 no answer, 486 busy, 404 not registered.</param>
public sealed record SipEvent(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("caller")] string? Caller = null,
    [property: JsonPropertyName("number")] string? Number = null,
    [property: JsonPropertyName("agent")] string? Agent = null,
    [property: JsonPropertyName("code")] int? Code = null,
    [property: JsonPropertyName("by")] string? By = null,
    [property: JsonPropertyName("target")] string? Target = null,
    [property: JsonPropertyName("callerTag")] string? CallerTag = null,
    [property: JsonPropertyName("phoneTag")] string? PhoneTag = null,
    [property: JsonPropertyName("webrtc")] int? WebRtc = null,
    [property: JsonPropertyName("dialog")] SipDialogAddresses? Dialog = null,
    [property: JsonPropertyName("callerCseq")] long? CallerCseq = null,
    [property: JsonPropertyName("phoneCseq")] long? PhoneCseq = null);

/// <summary>What a transfer's REFER and BYEs need of an answered call's dialog; names the caller's number, so kept sealed.</summary>
public sealed record SipDialogAddresses(
    [property: JsonPropertyName("callerUri")] string CallerUri,
    [property: JsonPropertyName("dialledUri")] string DialledUri,
    [property: JsonPropertyName("callerContact")] string CallerContact,
    [property: JsonPropertyName("callerDst")] string CallerDst,
    [property: JsonPropertyName("phoneContact")] string PhoneContact,
    [property: JsonPropertyName("phoneDst")] string PhoneDst,
    [property: JsonPropertyName("refer")] int Refer);

public sealed record SipCommand(
    [property: JsonPropertyName("cmd")] string Command,
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("agent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agent = null,
    [property: JsonPropertyName("ringSeconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RingSeconds = null,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Code = null,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyName("queue"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null,
    [property: JsonPropertyName("target"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Target = null,
    [property: JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonPropertyName("callerTag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerTag = null,
    [property: JsonPropertyName("phoneTag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhoneTag = null,
    [property: JsonPropertyName("webrtc"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WebRtc = null,
    [property: JsonPropertyName("held"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Held = null,
    [property: JsonPropertyName("dialog"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SipDialogAddresses? Dialog = null,
    [property: JsonPropertyName("callerCseq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? CallerCseq = null,
    [property: JsonPropertyName("phoneCseq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PhoneCseq = null)
{
    /// <summary>Rings <paramref name="agentId"/>'s phone, which shows <paramref name="queueId"/> as the caller.</summary>
    public static SipCommand Ring(string callId, string agentId, int ringSeconds, string queueId) =>
        new("ring", callId, agentId, ringSeconds, Queue: queueId);
    /// <summary>The caller waits in <paramref name="queueId"/>: the edge plays that queue's announcement and music if it has them.</summary>
    public static SipCommand Queued(string callId, string queueId) => new("queued", callId, Queue: queueId);

    public static SipCommand Hold(string callId) => new("hold", callId);

    public static SipCommand Resume(string callId) => new("resume", callId);

    public static readonly SipCommand Replay = new("replay", "");

    /// <summary>Asks the caller's side to call again at <c>sip:&lt;target&gt;@edge</c> (REFER), then ends the old legs.</summary>
    public static SipCommand Transfer(string callId, string target) => new("transfer", callId, Target: target);

    /// <summary>Kamailio sets an unknown <c>answered</c> call's dialog again, and answers an unknown <c>waiting</c> one <c>lost</c>.</summary>
    public static SipCommand Restore(Calls.SipDialog d) =>
        d.State == Calls.SipCallStore.Connected
            ? new("restore", d.SipCallId, d.AgentId, Queue: d.QueueId, State: "answered", CallerTag: d.CallerTag, PhoneTag: d.PhoneTag,
                WebRtc: d.WebRtc ? 1 : 0, Held: d.Held ? 1 : 0, Dialog: d.Addresses, CallerCseq: d.CallerCseq, PhoneCseq: d.PhoneCseq)
            : new("restore", d.SipCallId, Queue: d.QueueId, State: "waiting", CallerTag: d.CallerTag);

    public static SipCommand Refuse(string callId, int code, string reason) => new("refuse", callId, Code: code, Reason: reason);
}
