using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Logging;

namespace CallCentre.Telephony.Calls;

/// <summary>On every connection each call in progress goes back to Kamailio, which takes those it lost in a restart.</summary>
public sealed partial class CallControl
{
    public async Task RestoreAsync(CancellationToken ct)
    {
        var dialogs = await calls.InProgressAsync(ct);
        foreach (var d in dialogs)
            await kamailio.SendAsync(SipCommand.Restore(d), ct);
        if (dialogs.Count > 0)
            logger.LogInformation("Kamailio told of {Count} SIP calls in progress", dialogs.Count);
    }
}
