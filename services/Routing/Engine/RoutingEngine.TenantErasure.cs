namespace CallCentre.Routing.Engine;

public sealed partial class RoutingEngine
{
    /// <summary>How many of the tenant's calls are still live (waiting, offered, connected or on hold) or followed by an
    /// agent's after-call work: a tenant erasure is refused while there are any, since they would be stored again.</summary>
    public int LiveWorkOf(string tenantId)
    {
        var live = 0;
        for (var i = 0; i < _callSlotsUsed; i++)
            if (_calls[i].State != CallState.Ended && _calls[i].Queue.Definition.TenantId == tenantId)
                live++;
        foreach (var agent in _agents)
            if (agent.WrapUp?.TenantId == tenantId)
                live++;
        return live;
    }
}
