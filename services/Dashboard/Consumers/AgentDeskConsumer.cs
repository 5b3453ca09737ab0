using CallCentre.Contracts.Routing;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Consumers;

/// <summary>Pushed at once, not coalesced like the wallboard: an offer rings for a few seconds.</summary>
public sealed class AgentDeskConsumer(AgentBoard board, IHubContext<AgentHub, IAgentClient> hub, ILogger<AgentDeskConsumer> logger) :
    IConsumer<AgentStateChanged>, IConsumer<CallQueued>, IConsumer<CallOffered>, IConsumer<CallAnswered>, IConsumer<CallCompleted>,
    IConsumer<CallTransferred>, IConsumer<CallTransferFailed>, IConsumer<CallAbandoned>
{
    public Task Consume(ConsumeContext<AgentStateChanged> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallQueued> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallOffered> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallAnswered> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallCompleted> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallTransferred> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallTransferFailed> context) => PushAsync(board.Apply(context.Message));
    public Task Consume(ConsumeContext<CallAbandoned> context) => PushAsync(board.Apply(context.Message));

    private async Task PushAsync(IReadOnlyList<string> agents)
    {
        foreach (var agentId in agents)
        {
            try
            {
                await hub.Clients.Group(AgentHub.AgentGroup(agentId)).Desk(board.Desk(agentId));
            }
            catch (Exception e)
            {
                // The board is up to date; retrying would not help a connection that is gone.
                logger.LogWarning(e, "Could not push the desk of {Agent}", agentId);
            }
        }
    }
}
