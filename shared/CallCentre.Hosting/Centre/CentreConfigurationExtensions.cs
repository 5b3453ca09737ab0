using CallCentre.Contracts.Routing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Centre;

public static class CentreConfigurationExtensions
{
    /// <summary>Transient <see cref="CentreDefinition"/>: a handler sees the centre as it is when it runs.</summary>
    public static void AddCentreCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new CentreCatalog(CentreLoader.Load(builder.Configuration)));
        builder.Services.AddTransient(sp => sp.GetRequiredService<CentreCatalog>().Current);
    }

    public static void AddCentreConfigurationRequest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<CentreConfigurationRequest>();
    }

    public static void AddCentreConfigurationConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CentreConfigurationConsumer>().Endpoint(e =>
        {
            // NewId's leading digits are the same for every bus of one process.
            e.InstanceId = Guid.NewGuid().ToString("N")[..12];
            e.Temporary = true;
        });
}

/// <summary>Asks Routing to publish its stored changes again, for a process started after a change.</summary>
internal sealed class CentreConfigurationRequest(IBus bus, TimeProvider time, ILogger<CentreConfigurationRequest> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(new CentreConfigurationRequested(Environment.MachineName + ":" + Environment.ProcessId, time.GetUtcNow()), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not ask Routing for the centre's changes; this process knows the centre file only until Routing publishes them");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
