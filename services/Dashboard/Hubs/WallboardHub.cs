using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CallCentre.Dashboard.Hubs;

/// <summary>What the server calls on a wallboard client.</summary>
public interface IWallboardClient
{
    /// <summary>Tiles that changed (or, right after connecting, every tile the caller may see).</summary>
    Task QueueMetrics(IReadOnlyList<QueueMetrics> tiles);

    /// <summary>Rows of the agent grid that changed (or, right after connecting, every agent the caller may see).</summary>
    Task Agents(IReadOnlyList<AgentTile> agents);

    /// <summary>New alerts (or, right after connecting, the latest alerts of the caller's tenants), newest first.</summary>
    Task Alerts(IReadOnlyList<WallboardAlert> alerts);
}

/// <summary>The supervisors' live feed. On every (re)connection the server puts the connection in the groups of the
/// tenants its token grants, and sends the current tiles, agent grid and alerts; the client cannot choose its groups.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Supervisor}")]
public sealed class WallboardHub(QueueBoard board, AgentBoard agents, AlertFeed alerts, CentreDefinition centre) : Hub<IWallboardClient>
{
    public const string Path = "/hubs/wallboard";

    public static string TenantGroup(string tenantId) => $"tenant:{tenantId}";

    public override async Task OnConnectedAsync()
    {
        var tenants = Context.User!.GrantedTenants(centre.Tenants.Select(t => t.Id));
        foreach (var tenant in tenants)
            await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenant));
        await Clients.Caller.QueueMetrics(board.ForTenants(tenants.ToHashSet()));
        await Clients.Caller.Agents(tenants.SelectMany(t => agents.AgentsFor(t)).ToList());
        await Clients.Caller.Alerts(alerts.ForTenants(tenants));
        await base.OnConnectedAsync();
    }
}
