using CallCentre.Contracts.Routing;
using MassTransit;

namespace CallCentre.Telephony.Calls;

public sealed class CallOfferedConsumer(CallControl control) : IConsumer<CallOffered>
{
    public Task Consume(ConsumeContext<CallOffered> context) =>
        control.OfferedAsync(context.Message.CallId, context.Message.AgentId, context.Message.OfferedAt, context.CancellationToken);
}
