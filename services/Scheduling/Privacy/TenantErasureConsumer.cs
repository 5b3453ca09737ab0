using CallCentre.Contracts.Privacy;
using MassTransit;

namespace CallCentre.Scheduling.Privacy;

public sealed class TenantErasureConsumer(TenantDataStore store, TimeProvider time) : IConsumer<TenantErasureRequested>
{
    public async Task Consume(ConsumeContext<TenantErasureRequested> context)
    {
        var removed = await store.EraseTenantAsync(context.Message.TenantId, context.CancellationToken);
        if (context.ResponseAddress is not null)
            await context.RespondAsync(new ErasureReported(context.Message.RequestId, "scheduling", removed, time.GetUtcNow()));
    }
}
