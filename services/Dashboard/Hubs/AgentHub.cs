using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CallCentre.Dashboard.Hubs;

public interface IAgentClient
{
    Task Desk(AgentDesk desk);
}

/// <summary>The group is the token's <c>agent_id</c>; actions go to Routing's HTTP API.</summary>
[Authorize(Roles = Roles.Agent)]
public sealed class AgentHub(AgentBoard board) : Hub<IAgentClient>
{
    public const string Path = "/hubs/agent";

    public static string AgentGroup(string agentId) => $"agent:{agentId}";

    public override async Task OnConnectedAsync()
    {
        if (Context.User!.AgentId() is not { Length: > 0 } agentId)
        {
            // An agent role without an agent: nothing to show, and no group to join.
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, AgentGroup(agentId));
        await Clients.Caller.Desk(board.Desk(agentId));
        await base.OnConnectedAsync();
    }
}
