using CallCentre.Contracts.Scheduling;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CallCentre.Dashboard.Hubs;

public interface IWallboardClient
{
    Task QueueMetrics(IReadOnlyList<QueueMetrics> tiles);

    Task TileRows(TileRows rows);

    Task Agents(IReadOnlyList<AgentTile> agents);

    Task Alerts(IReadOnlyList<WallboardAlert> alerts);

    Task Intraday(IntradayStaffingUpdated day);
}

/// <summary>Groups come from the token's tenants on every (re)connection; the client chooses only the shape of tile updates.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Supervisor}")]
public sealed class WallboardHub(QueueBoard board, AgentBoard agents, AlertFeed alerts, WallboardAudiences audiences,
    CentreDefinition centre, IntradayBoard intraday) : Hub<IWallboardClient>
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
            foreach (var day in intraday.ForTenants(tenants))
                await Clients.Caller.Intraday(day);
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
