using CallCentre.Hosting.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>How many call events the consumer records at once. The events consumed side by side are written in batches
/// (<see cref="Data.CallRecordWriter"/>: up to 500 per transaction), so on PostgreSQL many messages are in flight, enough to
/// fill the batches of its writers; SQLite has one writer at a time, so it keeps MassTransit's default.</summary>
public sealed class CallRecordConsumerDefinition : ConsumerDefinition<CallRecordConsumer>
{
    public const int PostgresConcurrentMessageLimit = 1000, PostgresPrefetchCount = 2000;
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
