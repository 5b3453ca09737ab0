using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Api;

internal static class ServiceLevelApi
{
    public static void MapServiceLevelApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla").WithTags("Service level")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client));
        group.MapGet("/today", GetGranted).WithSummary("Today's figures for every queue of every tenant granted to the caller.");
        group.MapGet("/tenants/{tenantId}/today", GetTenant).WithSummary("Today's figures for one tenant's queues.");
    }

    internal static async Task<Ok<List<QueueServiceLevelUpdated>>> GetGranted(ClaimsPrincipal user, CentreDefinition centre, TodayServiceLevel today,
        CancellationToken ct) =>
        TypedResults.Ok(await ComputeAsync(centre.Queues.Where(q => user.CanAccessTenant(q.TenantId)), today, ct));

    internal static async Task<Results<Ok<List<QueueServiceLevelUpdated>>, NotFound>> GetTenant(string tenantId, ClaimsPrincipal user,
        CentreDefinition centre, TodayServiceLevel today, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is null || !user.CanAccessTenant(tenantId))
            return TypedResults.NotFound();
        return TypedResults.Ok(await ComputeAsync(centre.Queues.Where(q => q.TenantId == tenantId), today, ct));
    }

    private static async Task<List<QueueServiceLevelUpdated>> ComputeAsync(IEnumerable<QueueConfiguration> queues, TodayServiceLevel today, CancellationToken ct)
    {
        var result = new List<QueueServiceLevelUpdated>();
        foreach (var q in queues)
            if (await today.ComputeAsync(q.TenantId, q.Id, ct: ct) is { } figures)
                result.Add(figures.Update);
        return result;
    }
}
