using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Leadership;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace CallCentre.Routing.Api;

/// <summary>A list every partition answers its part of (supervision): gathered when the caller's tenants lie in several.</summary>
public sealed class GatheredFromEveryPartition
{
    public static readonly GatheredFromEveryPartition Instance = new();
}

/// <summary>The partitions a request is for; one of them, or several for a gathered list. Empty: this process's own.</summary>
public sealed record RequestTarget(IReadOnlyList<string> Partitions)
{
    public static readonly RequestTarget Local = new([]);
}

/// <summary>Finds the partition from what names a tenant: the route's tenant, queue, agent or call, the agent's token, the body's queue or skills.</summary>
public sealed class RequestPartition(RoutingPartitions partitions, CentreCatalog catalog, RoutingStore store)
{
    private const int BodyPeekLimit = 64 * 1024;

    public async Task<RequestTarget> ResolveAsync(HttpContext context, bool gather)
    {
        if (!partitions.Partitioned)
            return RequestTarget.Local;
        var user = (await context.AuthenticateAsync()).Principal;
        if (user?.Identity?.IsAuthenticated != true)
            return RequestTarget.Local;
        var centre = catalog.Current;
        var route = context.Request.RouteValues;
        if (route.TryGetValue("tenantId", out var tenant) && tenant is string tenantId)
            return centre.FindTenant(tenantId) is null ? RequestTarget.Local : One(partitions.OfTenant(tenantId));
        if (route.TryGetValue("agentId", out var routeAgent) && routeAgent is string agentId)
        {
            if (HttpMethods.IsPut(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/admin/agents") &&
                await PeekAsync(context) is { } body && Skills(body) is { } skills)
                return One(partitions.OfChangedAgent(centre, new AgentDefinition(agentId, "", skills)));
            return partitions.OfAgent(centre, agentId) is { } p ? One(p) : RequestTarget.Local;
        }
        if (route.TryGetValue("queueId", out var routeQueue) && routeQueue is string queueId)
        {
            if (partitions.OfQueue(centre, queueId) is { } p)
                return One(p);
            return await PeekAsync(context) is { } body && Text(body, "tenantId") is { } owner && centre.FindTenant(owner) is not null
                ? One(partitions.OfTenant(owner))
                : RequestTarget.Local;
        }
        if (user.IsInRole(Roles.Agent) && user.AgentId() is { } me)
            return partitions.OfAgent(centre, me) is { } p ? One(p) : RequestTarget.Local;
        if (route.TryGetValue("callId", out var routeCall) && Guid.TryParse(routeCall?.ToString(), out var callId))
            return await store.TenantOfCallAsync(callId, context.RequestAborted) is { } callTenant ? One(partitions.OfTenant(callTenant)) : RequestTarget.Local;
        if ((HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)) &&
            await PeekAsync(context) is { } posted && Text(posted, "queueId") is { } postedQueue)
            return partitions.OfQueue(centre, postedQueue) is { } p ? One(p) : RequestTarget.Local;
        if (gather)
        {
            var granted = user.GrantedTenants(centre.Tenants.Select(t => t.Id)).Select(partitions.OfTenant)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return granted.Count == 0 ? RequestTarget.Local : new RequestTarget(granted);
        }
        return RequestTarget.Local;
    }

    private static RequestTarget One(string partition) => new([partition]);

    /// <summary>Reads a JSON body without consuming it; null when there is none or it is not JSON (the endpoint then answers 400).</summary>
    private static async Task<JsonElement?> PeekAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is 0 or > BodyPeekLimit || request.HasJsonContentType() is false)
            return null;
        request.EnableBuffering(BodyPeekLimit);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    // The endpoints bind JSON case-insensitively: so does the peek.
    private static JsonElement? Property(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        return null;
    }

    private static string? Text(JsonElement body, string name) =>
        Property(body, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static Dictionary<string, int>? Skills(JsonElement body)
    {
        if (Property(body, "skills") is not { ValueKind: JsonValueKind.Object } skills)
            return null;
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var skill in skills.EnumerateObject())
            if (skill.Value.ValueKind == JsonValueKind.Number && skill.Value.TryGetInt32(out var level))
                result[skill.Name] = level;
        return result;
    }
}
