using System.Text.Json.Serialization;
using static System.FormattableString;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public sealed record StaffingResult(
    int Agents,
    int ScheduledAgents,
    double ServiceLevel,
    double ProbabilityOfWaiting,
    double AsaSeconds,
    double Occupancy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AbandonRate = null);

public static class StaffingApi
{
    public const double MaxAhtSeconds = 86_400;

    /// <summary>Beyond this many handle times of patience nobody abandons in practice: that is Erlang C.</summary>
    public const double MaxPatienceInHandleTimes = 10_000;

    /// <summary>N agents answer at most N Erlangs, so beyond this no target of 25 % or more is reachable.</summary>
    public const double MaxErlangATraffic = 4.0 * ErlangC.MaxAgents;

    public static IEndpointRouteBuilder MapStaffingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/staffing").WithTags("Staffing")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        group.MapPost("/erlang-c", CalculateErlangC)
            .WithSummary("Agents needed (or, given agents, the service level they give) by Erlang C: callers never hang up.");
        group.MapPost("/erlang-a", CalculateErlangA)
            .WithSummary("Agents needed (or, given agents, the service level they give) by Erlang A: callers hang up after their patience.");
        return app;
    }

    public static Results<Ok<StaffingResult>, ValidationProblem> CalculateErlangC(ErlangCStaffingRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Read(errors) is not { } question) return TypedResults.ValidationProblem(errors);
        var performance = question.Agents is { } n
            ? ErlangC.Evaluate(n, question.Erlangs, question.AhtSeconds, question.AnswerWithinSeconds)
            : ErlangC.AgentsNeeded(question.Erlangs, question.AhtSeconds, question.Target);
        return Answer(question, performance, abandonRate: false);
    }

    public static Results<Ok<StaffingResult>, ValidationProblem> CalculateErlangA(ErlangAStaffingRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Read(errors) is not { } read) return TypedResults.ValidationProblem(errors);
        var (question, patience) = read;
        var performance = question.Agents is { } n
            ? ErlangA.Evaluate(n, question.Erlangs, question.AhtSeconds, patience, question.AnswerWithinSeconds)
            : ErlangA.AgentsNeeded(question.Erlangs, question.AhtSeconds, patience, question.Target);
        return Answer(question, performance, abandonRate: true);
    }

    private static Results<Ok<StaffingResult>, ValidationProblem> Answer(StaffingQuestion question, QueuePerformance? performance, bool abandonRate)
    {
        var errors = new ValidationErrors();
        if (performance is not { } p)
            errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents for this target."));
        else if (p.Agents / (1 - question.Shrinkage) > int.MaxValue)
            errors.Add("shrinkage", "shrinkage is so close to 1 that the scheduled head count is out of range.");
        else
            return TypedResults.Ok(new StaffingResult(p.Agents, Shrinkage.ScheduledAgents(p.Agents, question.Shrinkage), p.ServiceLevel,
                p.ProbabilityOfWaiting, p.AverageSpeedOfAnswerSeconds, p.Occupancy, abandonRate ? p.ProbabilityOfAbandoning : null));
        return TypedResults.ValidationProblem(errors);
    }
}
