using CallCentre.Contracts.Privacy;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Privacy;

/// <summary>Erases a tenant from the Dashboard's memory (calls, returning callers, alerts), pushes the changed desks, and
/// reports the counts to whoever asked.</summary>
public sealed class TenantErasureConsumer(AgentBoard board, AlertFeed alerts, IHubContext<AgentHub, IAgentClient> hub, TimeProvider time,
    ILogger<TenantErasureConsumer> logger) : IConsumer<TenantErasureRequested>
{
    public async Task Consume(ConsumeContext<TenantErasureRequested> context)
    {
        var (calls, callers, agents) = board.EraseTenant(context.Message.TenantId);
        var alertCount = alerts.EraseTenant(context.Message.TenantId);
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
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new ErasureReported(context.Message.RequestId, "dashboard",
                new Dictionary<string, int> { ["calls"] = calls, ["callers"] = callers, ["alerts"] = alertCount }, time.GetUtcNow()));
    }
}
