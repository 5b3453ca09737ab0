using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CallCentre.Dashboard.Hubs;

/// <summary>What the server calls on an agent's desktop.</summary>
public interface IAgentClient
{
    /// <summary>The agent's state and current (or last) call: right after connecting, and after every change.</summary>
    Task Desk(AgentDesk desk);
}

/// <summary>The agent desktop's live feed. Each connection joins the group of the agent its token names (the
/// <c>agent_id</c> claim), on every (re)connection; the client cannot choose its group. Actions go to Routing's HTTP
/// API (<c>/api/agents/me</c>), not through this hub.</summary>
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
