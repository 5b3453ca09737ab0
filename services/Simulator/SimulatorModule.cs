using CallCentre.Hosting.Modules;
using CallCentre.Simulator.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Simulator;

/// <summary>The simulator hosted in the platform's process: demo traffic through the public API (off with Simulator:Enabled=false).</summary>
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
}
