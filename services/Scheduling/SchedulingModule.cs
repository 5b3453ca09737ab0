using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Consumers;
using CallCentre.Scheduling.Data;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Scheduling;

/// <summary>Scheduling (WFM): actual volumes, Erlang staffing, forecasts, schedules, adherence.</summary>
public sealed class SchedulingModule : ICallCentreModule
{
    public string Name => "scheduling";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<SchedulingModule>("Scheduling");
        builder.Services.AddSingleton<VolumeStore>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CallVolumeConsumer>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapVolumeApi();
        app.MapStaffingApi();
        app.MapForecastApi();
        app.MapQueueForecastApi();
        app.MapRequirementsApi();
        app.MapScheduleApi();
    }
}
