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

    /// <summary>Tiles that changed, as rows of their live figures, instead of <see cref="QueueMetrics"/> for a connection
    /// opened with <c>?updates=rows</c> (the snapshot on connect is still <see cref="QueueMetrics"/>).</summary>
    Task TileRows(TileRows rows);

    /// <summary>Rows of the agent grid that changed (or, right after connecting, every agent the caller may see).</summary>
    Task Agents(IReadOnlyList<AgentTile> agents);

    /// <summary>New alerts (or, right after connecting, the latest alerts of the caller's tenants), newest first.</summary>
    Task Alerts(IReadOnlyList<WallboardAlert> alerts);
}

/// <summary>The supervisors' live feed. On every (re)connection the server puts the connection in the groups of the
/// tenants its token grants (agents, alerts) and in the group of its audience, the set of those tenants (tiles), then sends
/// the current tiles, agent grid and alerts; the client cannot choose its groups, only the shape of the tile updates
/// (<c>?updates=rows</c>: <see cref="IWallboardClient.TileRows"/>).</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Supervisor}")]
public sealed class WallboardHub(QueueBoard board, AgentBoard agents, AlertFeed alerts, WallboardAudiences audiences,
    CentreDefinition centre) : Hub<IWallboardClient>
{
    public const string Path = "/hubs/wallboard";

    public static string TenantGroup(string tenantId) => $"tenant:{tenantId}";

    private const string AudienceKey = "audience";

    public override async Task OnConnectedAsync()
    {
        var tenants = Context.User!.GrantedTenants(centre.Tenants.Select(t => t.Id));
        foreach (var tenant in tenants)
            await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenant));
        var rows = Context.GetHttpContext()?.Request.Query["updates"].ToString() == "rows";
        var audience = audiences.Join(tenants, rows);
        Context.Items[AudienceKey] = audience;
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, audience);
            await Clients.Caller.QueueMetrics(board.ForTenants(tenants.ToHashSet()));
            await Clients.Caller.Agents(tenants.SelectMany(t => agents.AgentsFor(t)).ToList());
            await Clients.Caller.Alerts(alerts.ForTenants(tenants));
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync when OnConnectedAsync fails.
            Context.Items.Remove(AudienceKey);
            audiences.Leave(audience);
            throw;
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(AudienceKey, out var audience) && audience is string group)
            audiences.Leave(group);
        return base.OnDisconnectedAsync(exception);
    }
}
