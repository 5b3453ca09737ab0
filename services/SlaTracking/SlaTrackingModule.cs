using CallCentre.Hosting.Data;
using CallCentre.Hosting.Messaging;
using CallCentre.Hosting.Modules;
using CallCentre.SlaTracking.Api;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Delivery;
using CallCentre.SlaTracking.Live;
using CallCentre.SlaTracking.Privacy;
using CallCentre.SlaTracking.Reports;
using CallCentre.SlaTracking.Reports.Packs;
using CallCentre.SlaTracking.Webhooks;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.SlaTracking;

public sealed class SlaTrackingModule : ICallCentreModule
{
    public string Name => "slatracking";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<SlaTrackingModule>("SlaTracking");
        builder.Services.AddOptions<SlaOptions>().BindConfiguration("Sla")
            .Validate(o => o.RetentionDays >= 1, "Sla:RetentionDays must be at least 1.")
            .Validate(o => o.PurgeEvery > TimeSpan.Zero && o.LiveInterval > TimeSpan.Zero && o.SummariseEvery > TimeSpan.Zero,
                "Sla:PurgeEvery, Sla:LiveInterval and Sla:SummariseEvery must be positive.")
            .Validate(o => o.Hysteresis is >= 0 and < 1, "Sla:Hysteresis is a fraction in [0, 1).")
            .Validate(o => o.AtRiskWindowMinutes >= 1 && o.MinimumCallsForAlerts >= 0, "Sla:AtRiskWindowMinutes must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CallRecordStore>();
        builder.Services.AddSingleton<CallRecordWriter>();
        builder.Services.AddSingleton<BusinessClock>();
        builder.Services.AddSingleton<CallAggregates>();
        builder.Services.AddSingleton<CallBucketSummariser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CallBucketSummariser>());
        builder.Services.AddSingleton<ContractStore>();
        builder.Services.AddHostedService<ContractAnnouncer>();
        builder.Services.AddSingleton<ReportAccessLog>();
        builder.Services.AddSingleton<AgentStateStore>();
        builder.Services.AddSingleton<ReportService>();
        builder.Services.AddSingleton<AgentReportStore>();
        builder.Services.AddSingleton<AgentReportBuilder>();
        builder.Services.AddHostedService<AgentDayZoneKeeper>();
        builder.Services.AddSingleton<QueueHistoryStore>();
        builder.Services.AddSingleton<QueueHistoryBuilder>();
        builder.Services.AddSingleton<TodayServiceLevel>();
        builder.Services.AddSingleton<AlertStateStore>();
        builder.Services.AddSingleton<Hosting.Messaging.AlertOutbox<SlaTrackingModule>>();
        builder.Services.AddSingleton<LiveServiceLevelMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveServiceLevelMonitor>());
        builder.Services.AddSingleton<Privacy.TenantDataStore>();
        builder.Services.AddSingleton<Privacy.TenantExport>();
        builder.Services.AddSingleton<RetentionPurgeJob>();
        builder.Services.AddSingleton(PackSigningKeys.Load(builder.Configuration.GetSection("Packs").Get<PackOptions>() ?? new PackOptions(),
            allowEphemeral: builder.Configuration.GetValue("Messaging:Transport", MessagingTransport.InMemory) != MessagingTransport.RabbitMq));
        builder.Services.AddSingleton<PackStore>();
        builder.Services.AddSingleton<MonthlyPacks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionPurgeJob>());
        builder.AddReportDelivery();
        builder.AddWebhooks();
        builder.Services.AddSingleton<ReportClientStore>();
        builder.Services.AddReportClientOpenApi();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CallRecordConsumer, CallRecordConsumerDefinition>();
        bus.AddConsumer<AgentStateConsumer>();
        bus.AddConsumer<AgentAdherenceConsumer>();
        bus.AddConsumer<AgentOfferConsumer>();
        bus.AddConsumer<Privacy.TenantErasureConsumer>();
        bus.AddConsumer<WebhookEventConsumer>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapServiceLevelApi();
        app.MapReportApi();
        app.MapContractApi();
        app.MapOccupancyApi();
        app.MapAgentReportApi();
        app.MapQueueHistoryApi();
        app.MapTenantExportApi();
        app.MapPackApi();
        app.MapDeliveryApi();
        app.MapReportClientApi();
        app.MapWebhookApi();
    }
}
