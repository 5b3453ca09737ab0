using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public static class VolumeApi
{
    public sealed record VolumePoint(DateTimeOffset Start, long Calls, double? AverageHandleSeconds);

    public static void MapVolumeApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/scheduling/queues/{queueId}/volumes", GetVolumes).WithTags("Scheduling")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Calls and average handle time per interval (15 minutes by default) over [from, to).");

    internal static async Task<Results<Ok<List<VolumePoint>>, NotFound, ValidationProblem>> GetVolumes(
        string queueId, DateTimeOffset? from, DateTimeOffset? to, int? intervalMinutes,
        ClaimsPrincipal user, CentreDefinition centre, VolumeStore store, TimeProvider time, CancellationToken ct)
    {
        var queue = centre.FindQueue(queueId);
        if (queue is null || !user.CanAccessTenant(queue.TenantId))
            return TypedResults.NotFound();
        var errors = new ValidationErrors();
        if (new VolumeQuery(from, to, intervalMinutes).Read(time.GetUtcNow(), errors) is not { } period)
            return TypedResults.ValidationProblem(errors);
        var (start, end, width) = period;

        var rows = await store.VolumesAsync(queue.TenantId, queue.Id, start, end, width, ct);
        return TypedResults.Ok(rows.Select(r => new VolumePoint(DateTimeOffset.FromUnixTimeMilliseconds(r.IntervalStart), r.Calls,
            r.Handled == 0 ? null : r.HandleSeconds / r.Handled)).ToList());
    }
}
