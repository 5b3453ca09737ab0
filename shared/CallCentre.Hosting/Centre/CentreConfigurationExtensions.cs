using CallCentre.Contracts.Routing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Centre;

public static class CentreConfigurationExtensions
{
    /// <summary>The centre file behind a <see cref="CentreCatalog"/>; <see cref="CentreDefinition"/> resolves to the current
    /// snapshot (transient: a request handler sees the centre as it is when it runs, never as it was at start).</summary>
    public static void AddCentreCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new CentreCatalog(CentreLoader.Load(builder.Configuration)));
        builder.Services.AddTransient(sp => sp.GetRequiredService<CentreCatalog>().Current);
    }

    /// <summary>After the bus: asks Routing for the changes made before this process started.</summary>
    public static void AddCentreConfigurationRequest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<CentreConfigurationRequest>();
    }

    /// <summary>The consumer of centre changes on an endpoint of this process's own: a temporary queue (removed when the
    /// process stops) named with an instance id, instead of the one queue per consumer that processes would share.</summary>
    public static void AddCentreConfigurationConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CentreConfigurationConsumer>().Endpoint(e =>
        {
            e.InstanceId = NewId.NextGuid().ToString("N")[..12];
            e.Temporary = true;
        });
}

/// <summary>At start, asks Routing to publish its stored changes again: a process that starts after an administrator changed
/// the centre learns them (Routing also publishes them all when it starts itself).</summary>
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
