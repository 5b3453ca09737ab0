using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Consumers;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Requests;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Scheduling;

public sealed class SchedulingModule : ICallCentreModule
{
    public string Name => "scheduling";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<SchedulingModule>("Scheduling");
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling")
            .Validate(o => o.AdherenceThreshold >= TimeSpan.Zero, "Scheduling:AdherenceThreshold must not be negative.")
            .Validate(o => o.AdherenceCheckInterval > TimeSpan.Zero, "Scheduling:AdherenceCheckInterval must be positive.")
            .Validate(o => o.AdherencePublishInterval > TimeSpan.Zero, "Scheduling:AdherencePublishInterval must be positive.")
            .Validate(o => o.StateHistoryRetentionDays >= 2, "Scheduling:StateHistoryRetentionDays must be at least 2.")
            .Validate(o => o.SimulationCheckTimeout > TimeSpan.Zero, "Scheduling:SimulationCheckTimeout must be positive.")
            .Validate(o => o.SimulationCheckRetry > TimeSpan.Zero, "Scheduling:SimulationCheckRetry must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<ComputeLimits>().BindConfiguration("Scheduling:Limits")
            .Validate(o => o.MaxRequirementStarts > 0 && o.MaxRequirementCells > 0 && o.MaxForecastHistoryDays >= 21 && o.MaxForecastOverrides >= 0
                && o.MaxExcludedDays >= 0 && o.MaxSolveAgentIntervals > 0, "Scheduling:Limits:* must be positive (MaxForecastHistoryDays at least 21).")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new CentreCalendar(sp.GetRequiredService<CentreTimeZone>().Zone));
        builder.Services.AddSingleton<VolumeStore>();
        builder.Services.AddSingleton<QueueHistoryReader>();
        builder.Services.AddSingleton<ScheduleStore>();
        builder.Services.AddSingleton<ScheduleCheckStore>();
        builder.Services.AddSingleton<ContractTermsStore>();
        builder.Services.AddSingleton<Checks.PublishedDayChecks>();
        builder.Services.AddHostedService<Checks.PublishedDayCheckRunner>();
        builder.Services.AddAgentRequests();
        builder.Services.AddSingleton<AgentStateStore>();
        builder.Services.AddSingleton<Privacy.TenantDataStore>();
        builder.Services.AddSingleton<Hosting.Messaging.AlertOutbox<SchedulingModule>>();
        builder.Services.AddOptions<Requirements.IntradayOptions>().BindConfiguration("Scheduling:Intraday")
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Scheduling:Intraday:CheckInterval must be positive.").ValidateOnStart();
        builder.Services.AddSingleton<Requirements.IntradayPlanner>();
        builder.Services.AddSingleton<Requirements.IntradayPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Requirements.IntradayPublisher>());
        builder.Services.AddSingleton<AdherenceMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdherenceMonitor>());
        builder.Services.AddSingleton<AdherencePublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdherencePublisher>());
        if (builder.Configuration.GetValue<bool>("Scheduling:PublishDemoSchedule"))
            builder.Services.AddHostedService<DemoSchedule>();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CallVolumeConsumer>();
        bus.AddConsumer<AgentStateConsumer>();
        bus.AddConsumer<Privacy.TenantErasureConsumer>();
        bus.AddConsumer<SlaContractConsumer>();
        bus.AddRequestClient<Contracts.Scheduling.ScheduleSimulationRequested>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapVolumeApi();
        app.MapStaffingApi();
        app.MapForecastApi();
        app.MapQueueForecastApi();
        app.MapRequirementsApi();
        app.MapScheduleApi();
        app.MapPublishedScheduleApi();
        app.MapScheduleCheckApi();
        app.MapAdherenceApi();
        app.MapAgentRequestsApi();
        app.MapIntradayApi();
    }
}
