using CallCentre.Hosting.Data;
using MassTransit;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>On PostgreSQL enough messages in flight to fill the writer's batches, and a prefetch no larger (docs/sla.md, Benchmarks).</summary>
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
