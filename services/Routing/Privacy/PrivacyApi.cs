using System.Security.Claims;
using CallCentre.Contracts.Privacy;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Api;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Privacy;

/// <summary>GDPR Art. 17: administrators erase a caller from every module.</summary>
internal static class PrivacyApi
{
    /// <summary>Hashed with the tenant's key, never stored or logged.</summary>
    public sealed record CallerErasureRequest(string? CallerNumber);

    /// <summary>Modules missing in time still get their part from the bus; asking again is harmless.</summary>
    public sealed record ErasureResponse(string TenantId, bool Complete, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Modules,
        IReadOnlyList<string> Missing);

    /// <summary>SlaTracking and Scheduling never receive a caller hash.</summary>
    public static readonly IReadOnlyList<string> CallerHashHolders = ["dashboard"];

    public static void MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Privacy").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/tenants/{tenantId}/callers/erase", EraseCaller)
            .WithSummary("Erases every trace of a caller of a tenant (live calls, stored calls, dashboard memory); answers the counts per module.");
        group.MapGet("/privacy/audit", AuditLog).WithSummary("The privacy actions carried out, newest first (counts only, never a caller).");
    }

    internal static async Task<Results<Ok<ErasureResponse>, ValidationProblem, NotFound>> EraseCaller(
        string tenantId, CallerErasureRequest? request, ClaimsPrincipal user, CentreCatalog catalog, CallerNumberHasher hasher,
        RoutingLoop routing, PrivacyStore store, ErasureReports reports, PrivacyOptions options, TimeProvider time, CancellationToken ct)
    {
        if (catalog.Current.FindTenant(tenantId) is null)
            return TypedResults.NotFound();
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        if (string.IsNullOrWhiteSpace(request.CallerNumber))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["callerNumber"] = ["The caller's number is required."] });
        if (!TelephonyApi.PhoneNumber().IsMatch(request.CallerNumber))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["callerNumber"] = ["The caller's number must be a phone number (digits, optionally a leading +)."] });

        var callerHash = await hasher.HashAsync(tenantId, request.CallerNumber, ct);
        // Completes once every event the engine made before it is stored: the stored rows below then hold every copy.
        var liveCalls = await routing.ExecuteAsync((e, _) => e.EraseCallerHash(tenantId, callerHash));
        var (storedCalls, pendingEvents) = await store.EraseCallerHashAsync(tenantId, callerHash, ct);

        var requestId = NewId.NextGuid();
        var collected = await reports.PublishAndCollectAsync(requestId,
            new CallerErasureRequested(requestId, tenantId, callerHash, time.GetUtcNow()), CallerHashHolders,
            TimeSpan.FromSeconds(options.ErasureReportTimeoutSeconds), ct);
        var modules = new Dictionary<string, IReadOnlyDictionary<string, int>>(collected.Modules)
        {
            ["routing"] = new Dictionary<string, int> { ["liveCalls"] = liveCalls, ["storedCalls"] = storedCalls, ["pendingEvents"] = pendingEvents },
        };
        await store.AuditAsync(user.Subject(), "caller-erase", tenantId, modules, ct);
        return TypedResults.Ok(new ErasureResponse(tenantId, collected.Missing.Count == 0, modules, collected.Missing));
    }

    internal static async Task<Results<Ok<IReadOnlyList<PrivacyStore.AuditEntry>>, ValidationProblem>> AuditLog(
        PrivacyStore store, CancellationToken ct, int? limit = null)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["The limit must be between 1 and 1000."] });
        return TypedResults.Ok(await store.AuditLogAsync(limit ?? 100, ct));
    }
}
