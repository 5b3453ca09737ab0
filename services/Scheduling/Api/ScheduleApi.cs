using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Rostering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public sealed record ScheduleResponse(
    string Status,
    double? Objective,
    double? BestBound,
    double? Gap,
    long UnderStaffed,
    long OverStaffed,
    double PaidHours,
    ObjectiveWeights Weights,
    double WallSeconds,
    IReadOnlyList<ScheduledShift> Shifts,
    IReadOnlyList<IntervalCoverage> Coverage,
    IReadOnlyList<ScheduleStageResponse> Stages);

/// <param name="Stage"><c>underStaffing</c>, <c>overStaffing</c> (agent-intervals) or <c>cost</c> (paid intervals).</param>
/// <param name="Status"><c>optimal</c>, <c>feasible</c> or <c>noSolution</c>.</param>
public sealed record ScheduleStageResponse(
    string Stage, string Status, long? Objective, long? BestBound, double? Gap, double TimeLimitSeconds, double WallSeconds, int Solutions);

public static class ScheduleApi
{
    public const double MaxTimeLimitSeconds = 60;
    public const double DefaultTimeLimitSeconds = 10;
    public const int MaxRequirementIntervals = 14 * 96;
    public const int MaxGroupsPerInterval = 50;

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/schedules/solve", Solve).WithTags("Scheduling")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Shift schedules for a team over one or two weeks (CP-SAT): under-staffing first, then over-staffing, then paid hours.")
            .WithRosterSolveLimits();
        return app;
    }

    public static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> Solve(ScheduleRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var problem = request.Read(errors);
        if (problem is null) return TypedResults.ValidationProblem(errors);

        var limit = TimeSpan.FromSeconds(request.TimeLimitSeconds ?? DefaultTimeLimitSeconds);
        // The solver blocks its thread; an aborted request stops it through the token. Concurrent solves are capped by the endpoint's policy.
        var solution = await Task.Run(() => RosterSolver.Solve(problem, new RosterOptions(limit), cancellationToken), CancellationToken.None);
        return TypedResults.Ok(new ScheduleResponse(
            JsonName(solution.Status), solution.Objective, solution.BestBound, solution.Gap, solution.UnderStaffed, solution.OverStaffed,
            solution.PaidHours, solution.Weights, solution.WallSeconds, solution.Shifts, solution.Coverage,
            [.. solution.Stages.Select(s => new ScheduleStageResponse(JsonName(s.Stage), JsonName(s.Status), s.Objective, s.BestBound, s.Gap,
                s.TimeLimitSeconds, s.WallSeconds, s.Solutions))]));
    }

    private static string JsonName(RosterStage stage) => stage switch
    {
        RosterStage.UnderStaffing => "underStaffing",
        RosterStage.OverStaffing => "overStaffing",
        _ => "cost",
    };

    private static string JsonName(RosterStatus status) => status switch
    {
        RosterStatus.Optimal => "optimal",
        RosterStatus.Feasible => "feasible",
        _ => "noSolution",
    };
}
