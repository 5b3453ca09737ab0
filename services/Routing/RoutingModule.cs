using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Routing.Api;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Telephony;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        builder.Services.AddSingleton(sp => CreateEngine(sp.GetRequiredService<CentreDefinition>()));
        builder.Services.AddSingleton(builder.Configuration.GetSection("Routing").Get<RoutingOptions>() ?? new RoutingOptions());
        builder.Services.AddSingleton<RoutingLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoutingLoop>());
        var key = builder.Configuration["Telephony:CallerHashKey"];
        var folder = DatabaseExtensions.DataFolder(builder.Configuration);
        builder.Services.AddSingleton(_ => CallerNumberHasher.Create(key, folder));
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapTelephonyApi();
        app.MapAgentApi();
        app.MapQueueApi();
    }

    public static RoutingEngine CreateEngine(CentreDefinition centre) => new(
        centre.Queues.Select(q => new RoutingQueue(q.Id, q.TenantId, q.RequiredSkills, q.Priority,
            TimeSpan.FromSeconds(q.WrapUpSeconds), TimeSpan.FromSeconds(q.OfferTimeoutSeconds))
        {
            Strategy = Enum.TryParse<RoutingStrategy>(q.Strategy, ignoreCase: true, out var strategy) ? strategy : RoutingStrategy.LongestIdle,
            Escalations = q.Escalations.Select(e => new EscalationStep(e.AfterSeconds, e.RequiredSkills, e.AlsoOfferToQueue, e.MoveToQueue)).ToList(),
            Limits = new QueueLimits(q.MaxWaiting, q.MaxWaitSeconds, q.OverflowQueue),
            Hours = q.OpeningHours.Count == 0
                ? null
                : new OpeningHours(centre.FindTenant(q.TenantId)!.TimeZone,
                    q.OpeningHours.Select(w => new OpeningWindow(w.Day, w.From, w.To)).ToList(), q.ClosedOverflowQueue),
        }),
        centre.Agents.Select(a => new RoutingAgent(a.Id, a.Skills)));
}
