using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Auth;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

public sealed record RequirementsInterval(DateTime Start, int PooledAgents, int PerQueueAgents, int ScheduledAgents, IReadOnlyList<GroupRequirement> Groups);

public sealed record GroupTotal(string SkillGroup, double PooledAgentHours, double PerQueueAgentHours);

public sealed record QueueTotal(string QueueId, string SkillGroup, double Calls, double AgentHours);

public sealed record RequirementsResponse(
    int IntervalMinutes,
    double PooledAgentHours,
    double PerQueueAgentHours,
    IReadOnlyList<GroupTotal> Groups,
    IReadOnlyList<QueueTotal> Queues,
    IReadOnlyList<RequirementsInterval> Intervals);

public static class RequirementsApi
{
    public const int MaxQueues = 1_000;
    public const int MaxPoints = 200_000;

    public static IEndpointRouteBuilder MapRequirementsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staffing/requirements", Calculate).WithTags("Staffing")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Agents required per 15- or 30-minute interval, Erlang C or A per queue, pooled across queues that share a skill group.")
            .WithRequirementsLimits();
        return app;
    }

    public static Results<Ok<RequirementsResponse>, ValidationProblem> Calculate(RequirementsRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Read(errors) is not { } read) return TypedResults.ValidationProblem(errors);
        var (width, demands) = read;

        var plan = StaffingRequirements.Compute(demands, width);
        foreach (var unreachable in plan.Unreachable.Take(10))
        {
            // A pooled group is named by its first queue's forecast.
            var index = demands.FindIndex(d => d.QueueId == unreachable.QueueId);
            if (index < 0) index = demands.FindIndex(d => d.SkillGroup == unreachable.QueueId);
            errors.Add($"queues[{index}].forecast", Invariant($"{unreachable.QueueId} needs more than {ErlangC.MaxAgents} agents at {unreachable.Start:yyyy-MM-ddTHH:mm:ss}."));
        }
        var shrinkage = request.Shrinkage ?? 0;
        if (errors.Count == 0 && !RequirementTotals.CanSchedule(plan, shrinkage))
            errors.Add("shrinkage", "shrinkage is so close to 1 that the scheduled head count is out of range.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var totals = RequirementTotals.Of(plan, demands, width);
        return TypedResults.Ok(new RequirementsResponse(
            width,
            totals.PooledAgentHours,
            totals.PerQueueAgentHours,
            [.. totals.Groups.Select(g => new GroupTotal(g.SkillGroup, g.PooledAgentHours, g.PerQueueAgentHours))],
            [.. totals.Queues.Select(q => new QueueTotal(q.QueueId, q.SkillGroup, q.Calls, q.AgentHours))],
            [.. plan.Intervals.Select(i => new RequirementsInterval(i.Start, i.PooledAgents, i.PerQueueAgents,
                Shrinkage.ScheduledAgents(i.PooledAgents, shrinkage), i.Groups))]));
    }
}
