using CallCentre.Hosting.Modules;
using CallCentre.Simulator.Checks;
using CallCentre.Simulator.Live;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Simulator;

/// <summary>Off with <c>Simulator:Enabled=false</c>.</summary>
public sealed class SimulatorModule : ICallCentreModule
{
    public string Name => "simulator";

    public void AddServices(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Simulator").Get<DemoTrafficOptions>() ?? new DemoTrafficOptions();
        if (!options.Enabled)
            return;
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpClient("simulator");
        builder.Services.AddHostedService<DemoTrafficService>();
    }

    /// <summary>Schedule checks are answered whether or not the demo traffic runs.</summary>
    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<ScheduleSimulationConsumer>();
}
