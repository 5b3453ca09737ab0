using CallCentre.Dashboard.Consumers;
using CallCentre.Dashboard.Hubs;
using CallCentre.Dashboard.Live;
using CallCentre.Dashboard.Replicas;
using CallCentre.Hosting.Languages;
using CallCentre.Hosting.Modules;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Dashboard;

/// <summary>Any number of processes may host it: each consumes every event on queues of its own.</summary>
public sealed class DashboardModule : ICallCentreModule
{
    public string Name => "dashboard";

    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    public void AddServices(IHostApplicationBuilder builder)
    {
        // JSON (the pages) and MessagePack (binary, smaller and cheaper to read: .NET clients that ask for it).
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton<QueueBoard>();
        builder.Services.AddSingleton<AgentBoard>();
        builder.Services.AddSingleton<AlertFeed>();
        builder.Services.AddSingleton<IntradayBoard>();
        builder.Services.AddSingleton<WallboardAudiences>();
        builder.Services.AddHostedService<WallboardBroadcaster>();

        var options = builder.Configuration.GetSection("Dashboard").Get<DashboardOptions>() ?? new DashboardOptions();
        if (options.WarmupTimeoutSeconds <= 0)
            throw new InvalidOperationException("Dashboard:WarmupTimeoutSeconds must be greater than 0.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new DashboardReplica(InstanceId));
        builder.Services.AddReceiveEndpointObserver<ReplicaQueueLog>();
        builder.Services.AddHttpClient(BoardWarmup.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<BoardWarmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BoardWarmup>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("dashboard-boards",
            sp => sp.GetRequiredService<BoardWarmup>(), HealthStatus.Unhealthy, ["ready"]));
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        var endpoints = new ReplicaEndpoints(bus, InstanceId);
        endpoints.Add<WallboardConsumer>();
        endpoints.Add<AgentDeskConsumer>();
        endpoints.Add<AlertConsumer>();
        endpoints.Add<IntradayConsumer>();
        // Every replica holds the callers and tenants in memory: each erases its own (and reports).
        endpoints.Add<Privacy.CallerErasureConsumer>();
        endpoints.Add<Privacy.TenantErasureConsumer>();
    }

    /// <summary>The pages hold no data, so no login is needed to load them.</summary>
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
        // WebSockets only: a client that skips negotiation opens one connection to whichever replica a load balancer picks,
        // with no connection id that another replica would not know (no sticky sessions).
        app.MapHub<WallboardHub>(WallboardHub.Path, o => { o.CloseOnAuthenticationExpiration = true; o.Transports = HttpTransportType.WebSockets; });
        app.MapHub<AgentHub>(AgentHub.Path, o => { o.CloseOnAuthenticationExpiration = true; o.Transports = HttpTransportType.WebSockets; });
        // The sign-in page needs its words before any token exists; the texts are the product's, not a tenant's.
        app.MapGet(TextsPath, () => TypedResults.Text(Texts.PageScript, "text/javascript; charset=utf-8")).AllowAnonymous()
            .WithTags("Pages").WithSummary("The pages' texts in every language (docs/pages.md, Languages), as a script that sets window.callCentreTexts.");
    }

    public const string TextsPath = "/texts.js";
}
