using CallCentre.Contracts.Privacy;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Privacy;

public sealed class CallerErasureConsumer(AgentBoard board, IHubContext<AgentHub, IAgentClient> hub, TimeProvider time,
    ILogger<CallerErasureConsumer> logger) : IConsumer<CallerErasureRequested>
{
    public async Task Consume(ConsumeContext<CallerErasureRequested> context)
    {
        var (calls, callers, agents) = board.EraseCaller(context.Message.TenantId, context.Message.CallerHash);
        await ErasedDesks.PushAsync(board, hub, agents, logger);
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new ErasureReported(context.Message.RequestId, "dashboard",
                new Dictionary<string, int> { ["calls"] = calls, ["callers"] = callers }, time.GetUtcNow()));
    }
}
