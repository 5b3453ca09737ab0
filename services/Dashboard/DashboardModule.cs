using CallCentre.Dashboard.Consumers;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Modules;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Dashboard;

/// <summary>Dashboard: the SignalR hub and the web pages.</summary>
public sealed class DashboardModule : ICallCentreModule
{
    public string Name => "dashboard";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<QueueBoard>();
        builder.Services.AddHostedService<WallboardBroadcaster>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<WallboardConsumer>();

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapHub<WallboardHub>(WallboardHub.Path);
}
