using CallCentre.Contracts.Scheduling;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace CallCentre.Dashboard.Consumers;

/// <summary>A few messages an hour per tenant: each is pushed to the tenant's group as it comes.</summary>
public sealed class IntradayConsumer(IntradayBoard board, IHubContext<WallboardHub, IWallboardClient> hub) : IConsumer<IntradayStaffingUpdated>
{
    public async Task Consume(ConsumeContext<IntradayStaffingUpdated> context)
    {
        if (board.Apply(context.Message))
            await hub.Clients.Group(WallboardHub.TenantGroup(context.Message.TenantId)).Intraday(context.Message);
    }
}
