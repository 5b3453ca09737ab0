using System.Text.Json.Serialization;
using static System.FormattableString;
using CallCentre.Hosting.Auth;
using CallCentre.Scheduling.Erlang;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

/// <summary>An Erlang C staffing question: how many agents for this traffic and target (or, with <see cref="Agents"/>, what they achieve).</summary>
/// <param name="CallsPerInterval">Forecast calls offered in the interval, ≥ 0.</param>
/// <param name="IntervalSeconds">Interval length in seconds, &gt; 0 (1800 for half-hours).</param>
/// <param name="AhtSeconds">Average handle time (talk + hold + wrap-up) in seconds, &gt; 0 and at most 86,400.</param>
/// <param name="TargetAnswerSeconds">Service-level threshold in seconds, ≥ 0 (the 20 of "80/20").</param>
/// <param name="TargetServiceLevel">Share to answer within the threshold, in (0, 1); not needed with <see cref="Agents"/>.</param>
/// <param name="MaxOccupancy">Occupancy cap in (0, 1]; 1 (no cap) when absent; ignored with <see cref="Agents"/>.</param>
/// <param name="Shrinkage">Share of paid time off the phones, in [0, 1); 0 when absent.</param>
/// <param name="Agents">Optional: answer for this many agents (1 to 50,000) instead of searching.</param>
public sealed record ErlangCStaffingRequest(
    double? CallsPerInterval,
    double? IntervalSeconds,
    double? AhtSeconds,
    double? TargetAnswerSeconds,
    double? TargetServiceLevel,
    double? MaxOccupancy = null,
    double? Shrinkage = null,
    int? Agents = null);

/// <summary>An Erlang A staffing question: <see cref="ErlangCStaffingRequest"/> plus the callers' mean patience.</summary>
/// <param name="PatienceSeconds">Mean time a caller waits before hanging up, &gt; 0 and at most 10,000 × AHT.</param>
public sealed record ErlangAStaffingRequest(
    double? CallsPerInterval,
    double? IntervalSeconds,
    double? AhtSeconds,
    double? TargetAnswerSeconds,
    double? TargetServiceLevel,
    double? PatienceSeconds,
    double? MaxOccupancy = null,
    double? Shrinkage = null,
    int? Agents = null);

/// <summary>The staffing answer for one interval.</summary>
/// <param name="Agents">Agents needed on the phones (or the number asked about).</param>
/// <param name="ScheduledAgents">Head count to schedule: ⌈agents / (1 - shrinkage)⌉.</param>
/// <param name="ServiceLevel">Share of calls answered within the threshold.</param>
/// <param name="ProbabilityOfWaiting">Share of calls that queue at all.</param>
/// <param name="AsaSeconds">Average speed of answer of answered calls, in seconds.</param>
/// <param name="Occupancy">Share of agents' on-phone time spent handling calls.</param>
/// <param name="AbandonRate">Share of offered calls that hang up before an answer (Erlang A only).</param>
public sealed record StaffingResult(
    int Agents,
    int ScheduledAgents,
    double ServiceLevel,
    double ProbabilityOfWaiting,
    double AsaSeconds,
    double Occupancy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AbandonRate = null);

/// <summary>Erlang C and Erlang A staffing calculations for supervisors and planners. Pure: no storage, no tenant data.</summary>
public static class StaffingApi
{
    /// <summary>A handle time longer than a day is not a call.</summary>
    public const double MaxAhtSeconds = 86_400;

    /// <summary>Beyond this many handle times of patience nobody abandons in practice: that is Erlang C.</summary>
    public const double MaxPatienceInHandleTimes = 10_000;

    /// <summary>Erlang A traffic cap: N agents answer at most N Erlangs, so beyond this no target of 25 % or more is reachable.</summary>
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
        var errors = new Errors();
        var question = Validate(errors, request.CallsPerInterval, request.IntervalSeconds, request.AhtSeconds, request.TargetAnswerSeconds,
            request.TargetServiceLevel, request.MaxOccupancy, request.Shrinkage, request.Agents);
        if (question is null) return errors.Problem();

        if (question.Erlangs >= ErlangC.MaxAgents)
            return errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents.")).Problem();
        if (question.Agents is { } agents && agents <= question.Erlangs)
            return errors.Add("agents", Invariant($"{agents} agents can never clear {question.Erlangs:0.###} Erlangs of traffic: Erlang C needs more agents than Erlangs.")).Problem();

        var performance = question.Agents is { } n
            ? ErlangC.Evaluate(n, question.Erlangs, question.AhtSeconds, question.AnswerWithinSeconds)
            : ErlangC.AgentsNeeded(question.Erlangs, question.AhtSeconds, question.Target);
        return Answer(errors, question, performance, abandonRate: false);
    }

    public static Results<Ok<StaffingResult>, ValidationProblem> CalculateErlangA(ErlangAStaffingRequest request)
    {
        var errors = new Errors();
        var question = Validate(errors, request.CallsPerInterval, request.IntervalSeconds, request.AhtSeconds, request.TargetAnswerSeconds,
            request.TargetServiceLevel, request.MaxOccupancy, request.Shrinkage, request.Agents);
        var patience = request.PatienceSeconds;
        if (patience is null)
            errors.Add("patienceSeconds", "patienceSeconds is required.");
        else if (!(patience > 0 && double.IsFinite(patience.Value)))
            errors.Add("patienceSeconds", "patienceSeconds must be greater than 0.");
        else if (request.AhtSeconds is double aht and > 0 && patience.Value > MaxPatienceInHandleTimes * aht)
            errors.Add("patienceSeconds", $"patienceSeconds must be at most {MaxPatienceInHandleTimes} × ahtSeconds; callers that patient never abandon: use erlang-c.");
        if (question is null || errors.Any) return errors.Problem();
        if (question.Erlangs > MaxErlangATraffic)
            return errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents.")).Problem();

        var performance = question.Agents is { } n
            ? ErlangA.Evaluate(n, question.Erlangs, question.AhtSeconds, patience!.Value, question.AnswerWithinSeconds)
            : ErlangA.AgentsNeeded(question.Erlangs, question.AhtSeconds, patience!.Value, question.Target);
        return Answer(errors, question, performance, abandonRate: true);
    }

    private static Results<Ok<StaffingResult>, ValidationProblem> Answer(Errors errors, StaffingQuestion question, QueuePerformance? performance,
        bool abandonRate)
    {
        if (performance is not { } p)
            return errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents for this target.")).Problem();
        if (p.Agents / (1 - question.Shrinkage) > int.MaxValue)
            return errors.Add("shrinkage", "shrinkage is so close to 1 that the scheduled head count is out of range.").Problem();
        return TypedResults.Ok(new StaffingResult(
            p.Agents,
            Shrinkage.ScheduledAgents(p.Agents, question.Shrinkage),
            p.ServiceLevel,
            p.ProbabilityOfWaiting,
            p.AverageSpeedOfAnswerSeconds,
            p.Occupancy,
            abandonRate ? p.ProbabilityOfAbandoning : null));
    }

    /// <summary>Checks the fields both models share; null (with <paramref name="errors"/> filled) when any is bad.</summary>
    private static StaffingQuestion? Validate(Errors errors, double? calls, double? interval, double? aht, double? answerWithin,
        double? targetServiceLevel, double? maxOccupancy, double? shrinkage, int? agents)
    {
        Require(errors, "callsPerInterval", calls, v => v >= 0, "must be 0 or more");
        Require(errors, "intervalSeconds", interval, v => v > 0, "must be greater than 0");
        Require(errors, "ahtSeconds", aht, v => v is > 0 and <= MaxAhtSeconds, $"must be greater than 0 and at most {MaxAhtSeconds} (a day)");
        Require(errors, "targetAnswerSeconds", answerWithin, v => v >= 0, "must be 0 or more");
        if (agents is null || targetServiceLevel is not null)   // the reverse question needs no target
            Require(errors, "targetServiceLevel", targetServiceLevel, v => v is > 0 and < 1, "must be between 0 and 1, exclusive");
        if (maxOccupancy is not null)
            Require(errors, "maxOccupancy", maxOccupancy, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");
        if (shrinkage is not null)
            Require(errors, "shrinkage", shrinkage, v => v is >= 0 and < 1, "must be at least 0 and less than 1");
        if (agents is < 1 or > ErlangC.MaxAgents)
            errors.Add("agents", $"agents must be between 1 and {ErlangC.MaxAgents}.");
        if (errors.Any) return null;

        var erlangs = OfferedTraffic.Erlangs(calls!.Value, interval!.Value, aht!.Value);
        if (!double.IsFinite(erlangs))
        {
            errors.Add("callsPerInterval", $"callsPerInterval is too high: more than {ErlangC.MaxAgents} agents would be needed.");
            return null;
        }
        return new StaffingQuestion(erlangs, aht.Value, answerWithin!.Value, shrinkage ?? 0, agents,
            new ServiceLevelTarget(targetServiceLevel ?? 0.5, answerWithin.Value, maxOccupancy ?? 1.0));
    }

    private static void Require(Errors errors, string field, double? value, Func<double, bool> valid, string rule)
    {
        if (value is null) errors.Add(field, $"{field} is required.");
        else if (!double.IsFinite(value.Value) || !valid(value.Value)) errors.Add(field, $"{field} {rule}.");
    }

    private sealed record StaffingQuestion(double Erlangs, double AhtSeconds, double AnswerWithinSeconds, double Shrinkage, int? Agents,
        ServiceLevelTarget Target);

    private sealed class Errors
    {
        private readonly Dictionary<string, string[]> _byField = [];

        public bool Any => _byField.Count > 0;

        public Errors Add(string field, string message)
        {
            _byField[field] = _byField.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
            return this;
        }

        public ValidationProblem Problem() => TypedResults.ValidationProblem(_byField);
    }
}
