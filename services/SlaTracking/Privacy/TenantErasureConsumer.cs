using CallCentre.Contracts.Privacy;
using CallCentre.SlaTracking.Live;
using MassTransit;

namespace CallCentre.SlaTracking.Privacy;

public sealed class TenantErasureConsumer(TenantDataStore store, LiveServiceLevelMonitor live, TimeProvider time) : IConsumer<TenantErasureRequested>
{
    public async Task Consume(ConsumeContext<TenantErasureRequested> context)
    {
        var removed = new Dictionary<string, int>(await store.EraseTenantAsync(context.Message.TenantId, context.CancellationToken))
        {
            ["liveQueues"] = await live.ForgetTenantAsync(context.Message.TenantId, context.CancellationToken),
        };
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new ErasureReported(context.Message.RequestId, "slatracking", removed, time.GetUtcNow()));
    }
}
