using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;

namespace CallCentre.Hosting.Operations;

/// <summary>Only on the <c>Management:Urls</c> addresses (without one, only to an admin); health stays on every address.</summary>
public static class ManagementEndpoints
{
    public const string UrlsKey = "Management:Urls";

    public static IReadOnlySet<int> Ports(IConfiguration configuration) =>
        (configuration[UrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParsePort).ToHashSet();

    public static bool IsManagementAddress(IConfiguration configuration, string address) => Ports(configuration).Contains(ParsePort(address));

    internal static void AddManagementAddresses(this IHostApplicationBuilder builder)
    {
        if (Ports(builder.Configuration).Count > 0)
            builder.Services.AddTransient<IStartupFilter>(_ => new ManagementAddresses(builder.Configuration[UrlsKey]!));
    }

    internal static void MapOperationsEndpoints(this WebApplication app)
    {
        var ports = Ports(app.Configuration);
        var openApi = app.MapOpenApi();
        var apiDocs = app.MapScalarApiReference("/api-docs", o => o
            .WithTitle("CallCentre API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        foreach (var endpoints in new IEndpointConventionBuilder[] { openApi, apiDocs, metrics })
        {
            if (ports.Count > 0)
                endpoints.AllowAnonymous().WithMetadata(ManagementOnly.Instance);
            else
                endpoints.RequireAuthorization(p => p.RequireRole(Roles.Admin));
        }
    }

    internal static IApplicationBuilder UseManagementPorts(this IApplicationBuilder app)
    {
        var ports = Ports(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ManagementOnly>() is not null && !ports.Contains(context.Connection.LocalPort))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    private sealed class ManagementAddresses(string urls) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses is { IsReadOnly: false } addresses)
            {
                if (addresses.Count == 0)
                    addresses.Add("http://localhost:5000");   // what the server would listen on without any address
                var management = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var ports = management.Select(ParsePort).ToHashSet();
                if (addresses.Any(a => ports.Contains(ParsePort(a))))
                    throw new InvalidOperationException($"{UrlsKey} ({urls}) must not share a port with the public addresses ({string.Join(';', addresses)}).");
                // Management first: whatever reads the last bound address as "the" address (test hosts do) gets a public one.
                var publicAddresses = addresses.ToList();
                addresses.Clear();
                foreach (var url in management.Concat(publicAddresses))
                    addresses.Add(url);
            }
            next(app);
        };
    }

    private sealed class ManagementOnly
    {
        public static readonly ManagementOnly Instance = new();
    }

    private static int ParsePort(string url)
    {
        // Uri refuses the '*' and '+' wildcard hosts that urls allow.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
            throw new InvalidOperationException($"{UrlsKey}: '{url}' is not an address such as http://127.0.0.1:9090.");
        return uri.Port;
    }
}
