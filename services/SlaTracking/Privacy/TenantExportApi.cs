using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Privacy;

internal static class TenantExportApi
{
    public static void MapTenantExportApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/admin/tenants/{tenantId}/export", Export).WithTags("Privacy")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("The tenant's contracts, call records and their legs, bucket summaries and report access log, as a zip of CSV files.");

    internal static async Task<Results<FileStreamHttpResult, NotFound>> Export(string tenantId, ClaimsPrincipal user, CentreDefinition centre,
        TenantExport export, ReportAccessLog audit, TimeProvider time, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is null)
            return TypedResults.NotFound();
        // Built in a temporary file first: the zip's directory is written last, and a failure then is still a clean 500.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await export.WriteAsync(tenantId, file, ct);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        await audit.WriteAsync(new ReportAccessLog.ReportAccess(time.GetUtcNow(), user.Subject(),
            string.Join(",", user.FindAll(CallCentreClaims.Role).Select(c => c.Value)), tenantId, "", "", "all", "export-zip", "served"), ct);
        return TypedResults.File(file, "application/zip", $"callcentre-{tenantId}-export.zip");
    }
}
