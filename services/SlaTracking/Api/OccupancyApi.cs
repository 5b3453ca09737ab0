using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Api;

/// <summary>Staff only: shared agents' time includes other tenants' calls, so clients do not see it.</summary>
internal static class OccupancyApi
{
    public sealed record OccupancyReport(string TenantId, string TimeZone, string From, string To, string Granularity,
        IReadOnlyList<OccupancyFigures> Periods);

    public static void MapOccupancyApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sla/occupancy", GetOccupancy).WithTags("Service-level reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Occupancy ((OnCall + AfterCallWork) / (Available + Reserved + OnCall + AfterCallWork)) of the agents serving a tenant.")
            .WithDescription("Same from, to, granularity and interval as /api/sla/reports.");

    internal static async Task<Results<Ok<OccupancyReport>, NotFound, ValidationProblem>> GetOccupancy(
        string? tenantId, string? from, string? to, string? granularity, string? interval, ClaimsPrincipal user, CentreDefinition centre,
        AgentStateStore states, TimeProvider time, CancellationToken ct)
    {
        var validation = ReportApi.Validate(tenantId, from, to, granularity, interval, null, null, user);
        if (validation.Request is not { } request)
            return TypedResults.ValidationProblem(validation.Errors);
        var tenant = centre.FindTenant(request.TenantId ?? ReportApi.SoleTenant(user)!);
        if (tenant is null || !user.CanAccessTenant(tenant.Id))
            return TypedResults.NotFound();

        var calendar = new ReportingCalendar(tenant.TimeZone);
        var (start, end) = calendar.Range(request.From, request.To);
        var periods = calendar.Periods(start, end, request.Granularity, request.IntervalMinutes).ToList();
        var changes = await states.ListAsync(tenant.Id, start, end, ct);
        return TypedResults.Ok(new OccupancyReport(tenant.Id, tenant.TimeZone, from!, to!, request.Granularity.ToString().ToLowerInvariant(),
            OccupancyCounter.Count(changes, periods, time.GetUtcNow())));
    }
}
