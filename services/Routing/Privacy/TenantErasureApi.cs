using System.Security.Claims;
using CallCentre.Contracts.Privacy;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Privacy;

internal static class TenantErasureApi
{
    public static readonly IReadOnlyList<string> TenantDataHolders = ["dashboard", "scheduling", "slatracking"];

    public static void MapTenantErasureApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Privacy").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/tenants/{tenantId}/erase", EraseTenant)
            .WithSummary("Deletes every call, record, contract, summary and report log of a tenant in every module, then shreds its caller-hash key; answers the counts per module.");
    }

    internal static async Task<Results<Ok<PrivacyApi.ErasureResponse>, NotFound, ProblemHttpResult>> EraseTenant(
        string tenantId, ClaimsPrincipal user, CentreCatalog catalog, RoutingLoop routing, TenantErasureStore store,
        CallerNumberHasher hasher, PrivacyStore audit, ErasureReports reports, PrivacyOptions options, TimeProvider time, CancellationToken ct)
    {
        var centre = catalog.Current;
        if (centre.FindTenant(tenantId) is null)
            return TypedResults.NotFound();
        var live = await routing.ExecuteAsync((e, _) => e.LiveWorkOf(tenantId));
        if (live > 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tenant still has live calls",
                detail: $"{live} call(s) of tenant '{tenantId}' are waiting, connected or in after-call work; erase it once they have ended.");

        var routingRemoved = new Dictionary<string, int>(await store.EraseTenantAsync(tenantId, ct));
        var requestId = NewId.NextGuid();
        var queueIds = centre.Queues.Where(q => q.TenantId == tenantId).Select(q => q.Id).ToList();
        var collected = await reports.PublishAndCollectAsync(requestId,
            new TenantErasureRequested(requestId, tenantId, queueIds, time.GetUtcNow()), TenantDataHolders,
            TimeSpan.FromSeconds(options.ErasureReportTimeoutSeconds), ct);
        // Last: a module that has not answered yet still erases by tenant id, which needs no key.
        routingRemoved["callerHashKeys"] = await hasher.ShredTenantKeyAsync(tenantId, ct);
        var modules = new Dictionary<string, IReadOnlyDictionary<string, int>>(collected.Modules) { ["routing"] = routingRemoved };
        await audit.AuditAsync(user.Subject(), "tenant-erase", tenantId, modules, ct);
        return TypedResults.Ok(new PrivacyApi.ErasureResponse(tenantId, collected.Missing.Count == 0, modules, collected.Missing));
    }
}
