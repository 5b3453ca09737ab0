using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.SlaTracking.Api;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.SlaTracking;

/// <summary>SlaTracking: call detail records, service levels, client reports.</summary>
public sealed class SlaTrackingModule : ICallCentreModule
{
    public string Name => "slatracking";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<SlaTrackingModule>("SlaTracking");
        builder.Services.AddSingleton<CallRecordStore>();
        builder.Services.AddSingleton<TodayServiceLevel>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CallRecordConsumer>();

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapServiceLevelApi();
}
