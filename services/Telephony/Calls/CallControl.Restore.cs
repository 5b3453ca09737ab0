using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Logging;

namespace CallCentre.Telephony.Calls;

/// <summary>Kamailio keeps its calls in memory: on every connection (after <c>replay</c>) the module gives each call in progress
/// back, and Kamailio takes only those it does not know, so a restarted Kamailio carries on the connected calls.</summary>
public sealed partial class CallControl
{
    public async Task RestoreAsync(CancellationToken ct)
    {
        var dialogs = await calls.InProgressAsync(ct);
        foreach (var d in dialogs)
            await kamailio.SendAsync(SipCommand.Restore(d.SipCallId, d.State == SipCallStore.Connected, d.AgentId, d.QueueId,
                d.CallerTag, d.PhoneTag, d.WebRtc, d.Held), ct);
        if (dialogs.Count > 0)
            logger.LogInformation("Kamailio told of {Count} SIP calls in progress", dialogs.Count);
    }
}
