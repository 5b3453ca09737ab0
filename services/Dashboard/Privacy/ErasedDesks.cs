using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Privacy;

internal static class ErasedDesks
{
    public static async Task PushAsync(AgentBoard board, IHubContext<AgentHub, IAgentClient> hub, IEnumerable<string> agents, ILogger logger)
    {
        foreach (var agentId in agents)
        {
            try
            {
                await hub.Clients.Group(AgentHub.AgentGroup(agentId)).Desk(board.Desk(agentId));
            }
            catch (Exception e)
            {
                // The board is already erased; the desktop gets it on its next change or reconnection.
                logger.LogWarning(e, "Could not push the desk of {Agent}", agentId);
            }
        }
    }
}
