using System.Text.Json.Serialization;

namespace CallCentre.Telephony.Kamailio;

/// <summary>What Kamailio reports about a caller's SIP call (deploy/telephony/kamailio.cfg writes these).</summary>
/// <param name="Event"><c>invite</c>, <c>branch-failed</c>, <c>answered</c>, <c>hold</c>, <c>resume</c>, <c>cancel</c>, <c>bye</c> or
/// <c>expired</c>.</param>
/// <param name="CallId">The caller's SIP Call-ID.</param>
/// <param name="Caller">The caller's user part (<c>invite</c>).</param>
/// <param name="Number">The number dialled (<c>invite</c>).</param>
/// <param name="Agent">The agent rung (<c>branch-failed</c>, <c>answered</c>, <c>hold</c>, <c>resume</c>).</param>
/// <param name="Code">The agent phone's final SIP status (<c>branch-failed</c>): 408 no answer, 486 busy, 404 not registered.</param>
/// <param name="By"><c>caller</c> or <c>agent</c> (<c>bye</c>).</param>
public sealed record SipEvent(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("caller")] string? Caller = null,
    [property: JsonPropertyName("number")] string? Number = null,
    [property: JsonPropertyName("agent")] string? Agent = null,
    [property: JsonPropertyName("code")] int? Code = null,
    [property: JsonPropertyName("by")] string? By = null);

/// <summary>What the module tells Kamailio to do with a waiting caller: <c>ring</c> an agent or <c>refuse</c> the call.</summary>
public sealed record SipCommand(
    [property: JsonPropertyName("cmd")] string Command,
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("agent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agent = null,
    [property: JsonPropertyName("ringSeconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RingSeconds = null,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Code = null,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public static SipCommand Ring(string callId, string agentId, int ringSeconds) => new("ring", callId, agentId, ringSeconds);
    public static SipCommand Refuse(string callId, int code, string reason) => new("refuse", callId, Code: code, Reason: reason);
}
