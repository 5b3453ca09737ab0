using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

/// <summary>Actual volumes per interval, the history that forecasts learn from.</summary>
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
        foreach (var (field, instant) in new[] { ("from", from), ("to", to) })
            if (instant is { } at && !DateBounds.Contains(at))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [DateBounds.Message(field)] });
        var width = intervalMinutes ?? 15;
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        var errors = new Dictionary<string, string[]>();
        if (width is not (5 or 6 or 10 or 15 or 30 or 60)) errors["intervalMinutes"] = ["The interval must be 5, 6, 10, 15, 30 or 60 minutes."];
        if (start >= end) errors["from"] = ["'from' must be before 'to'."];
        else if (end - start > TimeSpan.FromDays(92)) errors["to"] = ["At most 92 days at a time."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var rows = await store.VolumesAsync(queue.TenantId, queue.Id, start, end, width, ct);
        return TypedResults.Ok(rows.Select(r => new VolumePoint(DateTimeOffset.FromUnixTimeMilliseconds(r.IntervalStart), r.Calls,
            r.Handled == 0 ? null : r.HandleSeconds / r.Handled)).ToList());
    }
}
