using System.Text.Json;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using CallCentre.Hosting.Messaging;
using CallCentre.Hosting.Modules;
using CallCentre.Hosting.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallCentre.Hosting;

public static class ServiceDefaults
{
    public static void AddCallCentreDefaults(this IHostApplicationBuilder builder, IReadOnlyList<ICallCentreModule> modules)
    {
        builder.Services.AddSingleton(modules);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCentreCatalog();
        builder.Services.AddSingleton(CentreTimeZone.From(builder.Configuration));

        if (builder.Configuration["Logging:Format"] == "json")
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        builder.AddCallCentreAuth();
        builder.AddCallCentreMessaging(modules);
        builder.AddCentreConfigurationRequest();
        builder.Services.AddSingleton<MigrationRunner>();

        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<RequestLimitsOptions>().BindConfiguration("Limits")
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.ConcurrentRequirements > 0 && o.ConcurrentForecasts > 0 && o.ConcurrentRosterSolves > 0
                && o.RetryAfterSeconds > 0, "Limits:* must be greater than 0.")
            .ValidateOnStart();
        builder.AddComputeConcurrency();
        builder.AddManagementAddresses();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<ZoneDataHealthCheck>("zone-data", tags: ["ready"]);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "CallCentre API";
            doc.Info.Description = "Every endpoint but health, /.well-known/jwks.json, /api/auth/token and /api/auth/refresh needs a bearer token (Authorization: Bearer ...).";
            return Task.CompletedTask;
        }));

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("callcentre", serviceInstanceId: Environment.MachineName));
        // Traces only when a collector takes them: recording every message and SQL command for nobody costs the ingest CPU.
        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddSource("MassTransit").AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        telemetry
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter("MassTransit").AddMeter("CallCentre.*").AddPrometheusExporter());

        foreach (var module in modules)
            module.AddServices(builder);
    }

    public static void MapCallCentreDefaults(this WebApplication app)
    {
        var modules = app.Services.GetRequiredService<IReadOnlyList<ICallCentreModule>>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        foreach (var module in modules)
            module.UsePipeline(app);
        app.UseManagementPorts();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyLimits();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteHealth })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth })
            .AllowAnonymous();
        app.MapOperationsEndpoints();

        if (app.Services.GetService<SigningKeys>() is { } keys)
            app.MapTokenApi(keys);
        app.MapTenantApi();
        foreach (var module in modules)
            module.MapEndpoints(app);
    }

    /// <summary>At start in embedded mode; the <c>migrate</c> verb in distributed mode.</summary>
    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var runner = services.GetRequiredService<MigrationRunner>();
        foreach (var migrations in services.GetServices<ModuleMigrations>())
            await runner.ApplyAsync(migrations, cancellationToken);
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
