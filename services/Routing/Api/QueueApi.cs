using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>The live state of the queues, for supervisors (only the tenants they are granted).</summary>
public static class QueueApi
{
    public static void MapQueueApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/routing/queues", GetQueues).WithTags("Queues")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("A snapshot of every queue of the tenants granted to the caller.");

    internal static async Task<Ok<List<QueueSnapshot>>> GetQueues(ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing)
    {
        var queues = centre.Queues.Where(q => user.CanAccessTenant(q.TenantId)).Select(q => q.Id).ToList();
        return TypedResults.Ok(await routing.ExecuteAsync((e, now) => queues.Where(e.HasQueue).Select(q => e.Snapshot(q, now)).ToList()));
    }
}
