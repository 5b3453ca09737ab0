using CallCentre.Hosting.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>How many call events the consumer records at once. Each event is one short transaction, so on PostgreSQL many
/// run side by side (events of the same call serialise on its row, in any order: the record is order-tolerant); SQLite
/// has one writer at a time, so it keeps MassTransit's default.</summary>
public sealed class CallRecordConsumerDefinition : ConsumerDefinition<CallRecordConsumer>
{
    public const int PostgresConcurrentMessageLimit = 32, PostgresPrefetchCount = 64;
    private readonly bool _postgres;

    public CallRecordConsumerDefinition(ModuleDatabase<SlaTrackingModule> database)
    {
        _postgres = database.Provider == DatabaseProvider.Postgres;
        if (_postgres)
            ConcurrentMessageLimit = PostgresConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CallRecordConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (_postgres && endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = PostgresPrefetchCount;
    }
}
