using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Api;

/// <summary>Staff only (occupancy includes shared agents' time): the queues of the tenants the token grants, per period.</summary>
internal static class QueueHistoryApi
{
    public static void MapQueueHistoryApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sla/queue-history", GetQueueHistory).WithTags("Service-level reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Per queue and period: offered, answered, abandoned with their wait, SL, ASA, AHT and the tenant's occupancy.")
            .WithDescription("tenantId (optional: every tenant the token grants), from, to, granularity=interval|day|month, interval=15|30; " +
                             "periods in each tenant's zone, as in /api/sla/reports.");

    internal static async Task<Results<Ok<QueueHistory>, NotFound, ValidationProblem>> GetQueueHistory(string? tenantId, string? from,
        string? to, string? granularity, string? interval, ClaimsPrincipal user, CentreDefinition centre, QueueHistoryBuilder builder,
        CancellationToken ct)
    {
        var validation = ReportApi.Validate(string.IsNullOrWhiteSpace(tenantId) ? ReportApi.AllGranted : tenantId, from, to, granularity, interval,
            null, null, user);
        if (validation.Request is not { } request)
            return TypedResults.ValidationProblem(validation.Errors);
        IReadOnlyList<TenantDefinition> tenants;
        if (request.TenantId == ReportApi.AllGranted)
            tenants = centre.Tenants.Where(t => user.CanAccessTenant(t.Id)).ToList();
        else if (centre.FindTenant(request.TenantId!) is { } tenant && user.CanAccessTenant(tenant.Id))
            tenants = [tenant];
        else
            return TypedResults.NotFound();
        return TypedResults.Ok(await builder.BuildAsync(tenants,
            new ReportQuery("", request.From, request.To, request.Granularity, request.IntervalMinutes), ct));
    }
}
