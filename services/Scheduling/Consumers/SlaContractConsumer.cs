using CallCentre.Contracts.Sla;
using CallCentre.Scheduling.Data;
using MassTransit;

namespace CallCentre.Scheduling.Consumers;

public sealed class SlaContractConsumer(ContractTermsStore store) : IConsumer<SlaContractConfigured>
{
    public Task Consume(ConsumeContext<SlaContractConfigured> context) => store.SaveAsync(context.Message, context.CancellationToken);
}
