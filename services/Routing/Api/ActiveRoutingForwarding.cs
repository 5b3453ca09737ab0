using System.Net;
using CallCentre.Hosting.Operations;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace CallCentre.Routing.Api;

public sealed class ServedByActiveRouting
{
    public static readonly ServedByActiveRouting Instance = new();
}

/// <summary>A standby forwards the request as it came to the active process, over plain HTTP (docs/routing.md, Active and standby).</summary>
public static class ActiveRoutingForwarding
{
    /// <summary>Set on a forwarded request: the receiver serves it or answers 503, never forwards it again.</summary>
    public const string ForwardedHeader = "X-CallCentre-Routing-Forwarded";

    private const string RetryAfterSeconds = "1";

    public static void UseActiveRoutingForwarding(this IApplicationBuilder app)
    {
        var routing = app.ApplicationServices.GetRequiredService<RoutingLoop>();
        var lease = app.ApplicationServices.GetRequiredService<RoutingLease>();
        var forwarder = app.ApplicationServices.GetRequiredService<IHttpForwarder>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActiveRoutingForwarding));
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
        });
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(15) };
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ServedByActiveRouting>() is null)
            {
                await next(context);
                return;
            }
            if (!routing.IsActive)
            {
                if (!context.Request.Headers.ContainsKey(ForwardedHeader) && lease.ActiveAddress is { } active)
                {
                    context.Request.Headers[ForwardedHeader] = lease.Holder;
                    var error = await forwarder.SendAsync(context, active, client, config, HttpTransformer.Default);
                    if (error == ForwarderError.None || context.Response.HasStarted)
                        return;
                    var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
                    logger.LogWarning("Could not forward {Method} {Path} to the active Routing process at {Address}: {Error} {Reason}",
                        context.Request.Method, context.Request.Path, active, error, failure?.Message);
                    if (!NeverReached(error, failure))
                    {
                        // Sent, but no answer: the active process may have recorded it before it went. Not a 503, which says nothing was.
                        await ProblemAsync(context, StatusCodes.Status502BadGateway,
                            "The active Routing process did not answer; the request may have been recorded.", lease.Partition);
                        return;
                    }
                }
                await NoActiveAsync(context, lease.Partition);
                return;
            }
            try
            {
                await next(context);
            }
            catch (RoutingNotActiveException e) when (!context.Response.HasStarted)
            {
                logger.LogInformation("{Method} {Path} refused: {Reason}", context.Request.Method, context.Request.Path, e.Message);
                await NoActiveAsync(context, lease.Partition);
            }
        });
    }

    private static bool NeverReached(ForwarderError error, Exception? failure) =>
        error is ForwarderError.NoAvailableDestinations ||
        error is ForwarderError.Request && failure is HttpRequestException
            { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private static Task NoActiveAsync(HttpContext context, string partition) =>
        ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "No active Routing process right now; nothing was recorded. Try again.",
            partition, RetryAfterSeconds);

    private static async Task ProblemAsync(HttpContext context, int status, string title, string partition, string? retryAfter = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (retryAfter is not null)
            context.Response.Headers.RetryAfter = retryAfter;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = $"Routing partition '{partition}' is changing over to a standby process.",
            },
        });
    }

    /// <summary>Without <c>Routing:AdvertisedUrl</c>: the first public address listened on, a wildcard host replaced by the machine's name.</summary>
    public static string? ServerAddress(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => !ManagementEndpoints.IsManagementAddress(configuration, a));
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://wildcard").Replace("://*", "://wildcard"), UriKind.Absolute, out var uri))
            return null;
        var host = uri.Host is "wildcard" or "0.0.0.0" or "[::]" ? Dns.GetHostName() : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
    }
}
