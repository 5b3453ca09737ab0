using CallCentre.Contracts.Routing;
using MassTransit;

namespace CallCentre.Telephony.Calls;

public sealed class CallHoldConsumer(CallControl control) : IConsumer<CallHeld>, IConsumer<CallResumed>
{
    public Task Consume(ConsumeContext<CallHeld> context) =>
        control.HoldChangedAsync(context.Message.CallId, held: true, context.Message.HeldAt, context.CancellationToken);

    public Task Consume(ConsumeContext<CallResumed> context) =>
        control.HoldChangedAsync(context.Message.CallId, held: false, context.Message.ResumedAt, context.CancellationToken);
}
