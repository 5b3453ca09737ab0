using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Admin;

internal static class CentreRouting
{
    public static RoutingAgent ToRoutingAgent(this AgentDefinition a) =>
        new(a.Id, a.Skills) { Capacity = a.Capacity, MixVoiceAndDigital = a.MixVoiceAndDigital };
}
