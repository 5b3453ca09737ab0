using CallCentre.Hosting.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>How many call events the consumer records at once. The events consumed side by side are written in batches
/// (<see cref="Data.CallRecordWriter"/>: up to 500 per transaction), so on PostgreSQL many messages are in flight, enough to
/// fill its batches; SQLite keeps MassTransit's default. The prefetch is no larger than the messages in flight: RabbitMQ's
/// cost per acknowledgement grows with the deliveries still unacknowledged on the channel (with 2,000 prefetched for 1,000
/// in flight the broker spent a fifth more CPU per event).</summary>
public sealed class CallRecordConsumerDefinition : ConsumerDefinition<CallRecordConsumer>
{
    public const int PostgresConcurrentMessageLimit = 1000, PostgresPrefetchCount = 1000;
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
