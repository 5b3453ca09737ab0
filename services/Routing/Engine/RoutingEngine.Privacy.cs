namespace CallCentre.Routing.Engine;

public sealed partial class RoutingEngine
{
    /// <summary>Forgets the caller hash of the tenant's live calls that carry <paramref name="callerHash"/> (a data-subject
    /// erasure); the calls themselves go on. Answers how many calls were changed.</summary>
    public int EraseCallerHash(string tenantId, string callerHash)
    {
        var erased = 0;
        for (var i = 0; i < _callSlotsUsed; i++)
        {
            var call = _calls[i];
            if (call.State == CallState.Ended || call.CallerHash != callerHash || call.Queue.Definition.TenantId != tenantId)
                continue;
            call.CallerHash = "";
            erased++;
        }
        return erased;
    }
}
