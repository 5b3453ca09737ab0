using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Routing.Admin;
using CallCentre.Routing.Api;
using CallCentre.Routing.Contacts;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Privacy;
using CallCentre.Routing.Telephony;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Routing;

public sealed class RoutingModule : ICallCentreModule
{
    public string Name => "routing";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<RoutingModule>("Routing");
        builder.Services.AddSingleton(sp => new RoutingPartitions(sp.GetRequiredService<IOptions<RoutingOptions>>().Value));
        builder.Services.AddSingleton(sp => new RoutingStore(sp.GetRequiredService<ModuleDatabase<RoutingModule>>(),
            sp.GetRequiredService<RoutingPartitions>().Local));
        builder.Services.AddSingleton(sp => CreateEngine(sp.GetRequiredService<RoutingPartitions>().Slice(sp.GetRequiredService<CentreCatalog>().Current)));
        builder.Services.AddSingleton<CentreChangeStore>();
        builder.Services.AddSingleton<CentreReplay>();
        builder.Services.AddSingleton<IEngineRecoveryStep>(sp => sp.GetRequiredService<CentreReplay>());
        builder.Services.AddSingleton<CentreAdministration>();
        builder.Services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingPartitionsValidation>();
        builder.Services.AddOptions<RoutingOptions>().BindConfiguration("Routing")
            .Validate(o => o.LeaseRenewSeconds > 0 && o.StandbyPollSeconds > 0 && o.LeaseSeconds >= 2 * o.LeaseRenewSeconds,
                "Routing:LeaseRenewSeconds and Routing:StandbyPollSeconds must be positive, and Routing:LeaseSeconds at least twice the renewal.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new RoutingLease(sp.GetRequiredService<ModuleDatabase<RoutingModule>>(),
            sp.GetRequiredService<IOptions<RoutingOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RoutingLease>>(), () => ActiveRoutingForwarding.ServerAddress(sp)));
        builder.Services.AddSingleton<RequestPartition>();
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<RoutingLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoutingLoop>());
        // Not ready before the stored queue and agent changes are applied: a call to a queue created at run time would be refused.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("routing-recovered",
            sp => new RoutingRecoveredCheck(sp.GetRequiredService<RoutingLoop>(), sp.GetRequiredService<RoutingLease>()), HealthStatus.Unhealthy, ["ready"]));
        var callerHashKey = CallerNumberHasher.LoadMasterKey(builder.Configuration);
        builder.Services.AddSingleton<CallerHashSaltStore>();
        builder.Services.AddSingleton<PbxCallIdStore>();
        builder.Services.AddSingleton(sp => new CallerNumberHasher(callerHashKey, sp.GetRequiredService<CallerHashSaltStore>()));
        builder.Services.AddSingleton(sp => new TenantSeal(callerHashKey, sp.GetRequiredService<CallerHashSaltStore>()));
        builder.Services.AddSingleton<CallbackNumberVault>();
        builder.AddContactTranscripts();
        builder.AddRoutingPrivacy();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CentreConfigurationRequestedConsumer>();

    /// <summary>A standby forwards what only the active process can serve.</summary>
    public void UsePipeline(IApplicationBuilder app) => app.UseActiveRoutingForwarding();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var active = app.MapGroup("").WithMetadata(ServedByActiveRouting.Instance);
        active.MapAdminApi();
        active.MapTelephonyApi();
        active.MapCallbackApi();
        active.MapContactApi();
        active.MapConversationApi();
        active.MapAgentApi();
        active.MapQueueApi();
        active.MapPrivacyApi();
        active.MapTenantErasureApi();
    }

    public static RoutingEngine CreateEngine(CentreDefinition centre) =>
        new(centre.Queues, centre.Agents.Select(a => a.ToRoutingAgent()),
            tenantTimeZones: centre.Tenants.ToDictionary(t => t.Id, t => t.TimeZone),
            tenantCalendars: centre.Tenants.ToDictionary(t => t.Id, TenantCalendar.Of));
}

/// <summary>Ready when active and recovered, or standing by with an active process to forward to.</summary>
internal sealed class RoutingRecoveredCheck(RoutingLoop routing, RoutingLease lease) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.Mismatch is { } mismatch
            ? HealthCheckResult.Unhealthy(mismatch)
            : routing.Term is { } term
            ? routing.Recovered
                ? HealthCheckResult.Healthy($"active: partition {term.Partition}, token {term.Token}")
                : HealthCheckResult.Unhealthy($"active: partition {term.Partition}, token {term.Token}; Routing is recovering its state.")
            : lease.ActiveAddress is { } address
                ? HealthCheckResult.Healthy($"standby: partition {lease.Partition}, active at {address}")
                : HealthCheckResult.Unhealthy($"standby: partition {lease.Partition} has no active Routing process yet."));
}
