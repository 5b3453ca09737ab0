using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Routing.Admin;
using CallCentre.Routing.Api;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Privacy;
using CallCentre.Routing.Telephony;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Routing;

/// <summary>Routing: the ACD engine, the telephony edge and the agent API.</summary>
public sealed class RoutingModule : ICallCentreModule
{
    public string Name => "routing";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<RoutingModule>("Routing");
        builder.Services.AddSingleton<RoutingStore>();
        builder.Services.AddSingleton(sp => CreateEngine(sp.GetRequiredService<CentreCatalog>().Current));
        builder.Services.AddSingleton<CentreChangeStore>();
        builder.Services.AddSingleton<CentreReplay>();
        builder.Services.AddSingleton<IEngineRecoveryStep>(sp => sp.GetRequiredService<CentreReplay>());
        builder.Services.AddSingleton<CentreAdministration>();
        builder.Services.AddSingleton<RoutingLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoutingLoop>());
        // Not ready before the stored queue and agent changes are applied: a call to a queue created at run time would be refused.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("routing-recovered",
            sp => new RoutingRecoveredCheck(sp.GetRequiredService<RoutingLoop>()), HealthStatus.Unhealthy, ["ready"]));
        var callerHashKey = CallerNumberHasher.LoadMasterKey(builder.Configuration);
        builder.Services.AddSingleton<CallerHashSaltStore>();
        builder.Services.AddSingleton<PbxCallIdStore>();
        builder.Services.AddSingleton(sp => new CallerNumberHasher(callerHashKey, sp.GetRequiredService<CallerHashSaltStore>()));
        builder.AddRoutingPrivacy();
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CentreConfigurationRequestedConsumer>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapAdminApi();
        app.MapTelephonyApi();
        app.MapAgentApi();
        app.MapQueueApi();
        app.MapPrivacyApi();
        app.MapTenantErasureApi();
    }

    public static RoutingEngine CreateEngine(CentreDefinition centre) =>
        new(centre.Queues, centre.Agents.Select(a => a.ToRoutingAgent()),
            tenantTimeZones: centre.Tenants.ToDictionary(t => t.Id, t => t.TimeZone));
}

/// <summary>Ready once the routing loop has recovered (centre changes applied, live calls restored).</summary>
internal sealed class RoutingRecoveredCheck(RoutingLoop routing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(routing.Recovered ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Routing is recovering its state."));
}
