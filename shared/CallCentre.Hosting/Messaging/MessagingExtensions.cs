using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Modules;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Messaging;

public static class MessagingExtensions
{
    /// <summary>One queue per consumer, named after its namespace, so that modules never compete for each other's messages.</summary>
    public static void AddCallCentreMessaging(this IHostApplicationBuilder builder, IReadOnlyList<ICallCentreModule> modules)
    {
        var options = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddSingleton(options);

        builder.Services.AddMassTransit(bus =>
        {
            var prefix = string.IsNullOrWhiteSpace(options.EndpointPrefix) ? "" : options.EndpointPrefix + "-";
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: true));
            // A client's metadata stays on the operator's servers: MassTransit would otherwise report the bus's shape to its vendor.
            bus.DisableUsageTelemetry();
            bus.AddCentreConfigurationConsumer();
            foreach (var module in modules)
                module.AddConsumers(bus);

            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(100),
                    TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                endpoint.UseInMemoryOutbox(context);
            });

            switch (options.Transport)
            {
                case MessagingTransport.RabbitMq:
                    var connection = builder.Configuration.GetConnectionString("RabbitMq")
                        ?? throw new InvalidOperationException(
                            "Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set (e.g. amqp://guest:guest@localhost:5672/).");
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(new Uri(connection), h => h.PublisherConfirmation = true);
                        // The prefix isolates exchanges too, not only queues: deployments sharing a broker never see each other's events.
                        if (prefix.Length > 0)
                            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
                        cfg.Durable = true;
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                    break;
            }
        });

        // A request that publishes before the bindings exist would lose its message.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });
    }
}
