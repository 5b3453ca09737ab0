using CallCentre.Contracts.Privacy;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Privacy;

public sealed class TenantErasureConsumer(AgentBoard board, AlertFeed alerts, IHubContext<AgentHub, IAgentClient> hub, TimeProvider time,
    ILogger<TenantErasureConsumer> logger) : IConsumer<TenantErasureRequested>
{
    public async Task Consume(ConsumeContext<TenantErasureRequested> context)
    {
        var (calls, callers, agents) = board.EraseTenant(context.Message.TenantId);
        var alertCount = alerts.EraseTenant(context.Message.TenantId);
        await ErasedDesks.PushAsync(board, hub, agents, logger);
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new ErasureReported(context.Message.RequestId, "dashboard",
                new Dictionary<string, int> { ["calls"] = calls, ["callers"] = callers, ["alerts"] = alertCount }, time.GetUtcNow()));
    }
}
