using CallCentre.Contracts.Routing;
using MassTransit;

namespace CallCentre.Telephony.Calls;

public sealed class CallTransferConsumer(CallControl control) : IConsumer<CallTransferred>
{
    public Task Consume(ConsumeContext<CallTransferred> context) =>
        context.Message.Kind == ContactKinds.Voice
            ? control.TransferredAsync(context.Message.CallId, context.Message.AgentId, context.Message.TransferredAt, context.CancellationToken)
            : Task.CompletedTask;
}
