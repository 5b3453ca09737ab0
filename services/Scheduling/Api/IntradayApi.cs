using System.Security.Claims;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Requirements;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public static class IntradayApi
{
    public static IEndpointRouteBuilder MapIntradayApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/intraday/staffing", Latest).WithTags("Staffing")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Today's reforecast, required and scheduled agents per queue of each tenant the caller may see, as last published " +
                         "(every 15 minutes and when the schedule changes).");
        return app;
    }

    internal static Ok<IReadOnlyList<IntradayStaffingUpdated>> Latest(ClaimsPrincipal user, CentreDefinition centre, IntradayPublisher publisher) =>
        TypedResults.Ok(publisher.Latest(user.GrantedTenants(centre.Tenants.Select(t => t.Id))));
}
