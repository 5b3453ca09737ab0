using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Admin;

/// <summary>The centre's agents as the engine needs them.</summary>
public static class CentreRouting
{
    public static RoutingAgent ToRoutingAgent(this AgentDefinition a) => new(a.Id, a.Skills);
}
