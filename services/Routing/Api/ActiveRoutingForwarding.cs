using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var partitions = app.ApplicationServices.GetRequiredService<RoutingPartitions>();
        var resolver = app.ApplicationServices.GetRequiredService<RequestPartition>();

        // True when the request was answered (forwarded, or refused); false when a forward never reached its process.
        async Task<bool> ForwardAsync(HttpContext context, string address, string partition)
        {
            context.Request.Headers[ForwardedHeader] = lease.Holder;
            var error = await forwarder.SendAsync(context, address, client, config, HttpTransformer.Default);
            if (error == ForwarderError.None || context.Response.HasStarted)
                return true;
            var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            logger.LogWarning("Could not forward {Method} {Path} to the active Routing process of partition {Partition} at {Address}: {Error} {Reason}",
                context.Request.Method, context.Request.Path, partition, address, error, failure?.Message);
            if (NeverReached(error, failure))
            {
                lease.Forget(partition);
                return false;
            }
            // Sent, but no answer: the active process may have recorded it before it went. Not a 503, which says nothing was.
            await ProblemAsync(context, StatusCodes.Status502BadGateway,
                "The active Routing process did not answer; the request may have been recorded.", partition);
            return true;
        }

        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<ServedByActiveRouting>() is null)
            {
                await next(context);
                return;
            }
            if (lease.Mismatch is { } mismatch)
            {
                await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "This Routing process's partition assignment differs from the live ones'; nothing was recorded.",
                    lease.Partition, RetryAfterSeconds, mismatch);
                return;
            }
            var forwarded = context.Request.Headers.ContainsKey(ForwardedHeader);
            var target = await resolver.ResolveAsync(context, gather: !forwarded && endpoint.Metadata.GetMetadata<GatheredFromEveryPartition>() is not null);
            if (target.Partitions.Count > 1 || target.Partitions.Count == 1 && !partitions.IsLocal(target.Partitions[0]))
            {
                if (target.Partitions.Count > 1)
                    await GatherAsync(context, target.Partitions, lease, client, logger);
                else if (forwarded || await lease.ActiveAddressOfAsync(target.Partitions[0], context.RequestAborted) is not { } other ||
                         !await ForwardAsync(context, other, target.Partitions[0]))
                    await NoActiveAsync(context, target.Partitions[0]);
                return;
            }
            if (!routing.IsActive)
            {
                if (!forwarded && lease.ActiveAddress is { } active && await ForwardAsync(context, active, lease.Partition))
                    return;
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

    /// <summary>Asks each partition's active process for its part of the list and answers them as one list; any partition without one: 503.</summary>
    private static async Task GatherAsync(HttpContext context, IReadOnlyList<string> partitions, RoutingLease lease, HttpMessageInvoker client,
        ILogger logger)
    {
        var parts = await Task.WhenAll(partitions.Select(async partition =>
        {
            if (await lease.ActiveAddressOfAsync(partition, context.RequestAborted) is not { } address)
                return (partition, (JsonArray?)null);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, address + context.Request.Path + context.Request.QueryString);
                request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
                request.Headers.TryAddWithoutValidation(ForwardedHeader, lease.Holder);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                using var response = await client.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                    return (partition, null);
                return (partition, JsonNode.Parse(await response.Content.ReadAsStreamAsync(timeout.Token)) as JsonArray);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning("Could not gather {Path} from routing partition {Partition} at {Address}: {Reason}",
                    context.Request.Path, partition, address, e.Message);
                lease.Forget(partition);
                return (partition, null);
            }
        }));
        if (parts.FirstOrDefault(p => p.Item2 is null) is { partition: { } missing })
        {
            await NoActiveAsync(context, missing);
            return;
        }
        var all = new JsonArray();
        foreach (var items in parts.Select(p => p.Item2!))
            foreach (var item in items.ToList())
            {
                items.Remove(item);
                all.Add(item);
            }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(all.ToJsonString(), context.RequestAborted);
    }

    private static bool NeverReached(ForwarderError error, Exception? failure) =>
        error is ForwarderError.NoAvailableDestinations ||
        error is ForwarderError.Request && failure is HttpRequestException
            { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private static Task NoActiveAsync(HttpContext context, string partition) =>
        ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "No active Routing process right now; nothing was recorded. Try again.",
            partition, RetryAfterSeconds);

    private static async Task ProblemAsync(HttpContext context, int status, string title, string partition, string? retryAfter = null, string? detail = null)
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
                Detail = detail ?? $"Routing partition '{partition}' has no active process right now (it is changing over to a standby).",
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
