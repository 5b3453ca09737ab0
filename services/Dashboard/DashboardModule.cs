using CallCentre.Dashboard.Consumers;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Modules;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Dashboard;

/// <summary>Dashboard: the SignalR hubs (supervisors' wallboard, agents' desktop) and the web pages.</summary>
public sealed class DashboardModule : ICallCentreModule
{
    public string Name => "dashboard";

    public void AddServices(IHostApplicationBuilder builder)
    {
        // JSON (the pages) and MessagePack (binary, smaller and cheaper to read: .NET clients that ask for it).
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton<QueueBoard>();
        builder.Services.AddSingleton<AgentBoard>();
        builder.Services.AddSingleton<AlertFeed>();
        builder.Services.AddSingleton<WallboardAudiences>();
        builder.Services.AddHostedService<WallboardBroadcaster>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WallboardConsumer>();
        bus.AddConsumer<AgentDeskConsumer>();
        bus.AddConsumer<AlertConsumer>();
        bus.AddConsumer<Privacy.CallerErasureConsumer>();
        bus.AddConsumer<Privacy.TenantErasureConsumer>();
    }

    /// <summary>The pages, copied by the build into the output's dashboard/ folder; they hold no data, so no login is needed to load them.</summary>
    public void UsePipeline(IApplicationBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "dashboard");
        if (!Directory.Exists(folder))
            return;
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapHub<WallboardHub>(WallboardHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        app.MapHub<AgentHub>(AgentHub.Path, o => o.CloseOnAuthenticationExpiration = true);
    }
}
