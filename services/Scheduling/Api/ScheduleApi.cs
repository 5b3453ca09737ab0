using System.Globalization;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Rostering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

/// <summary>A break or lunch: its length and the window for its start, in minutes after the shift starts.</summary>
public sealed record BreakWindowDto(int? Minutes, int? EarliestAfterMinutes, int? LatestAfterMinutes);

/// <summary>A shift template.</summary>
/// <param name="EarliestStart">Time of day, "HH:mm".</param>
/// <param name="LatestStart">Time of day, "HH:mm".</param>
/// <param name="StartEveryMinutes">Start granularity; the interval when absent.</param>
/// <param name="Break">Paid, optional.</param>
/// <param name="Lunch">Unpaid, optional.</param>
public sealed record ShiftTemplateDto(string? Name, int? LengthMinutes, string? EarliestStart, string? LatestStart, int? StartEveryMinutes = null,
    BreakWindowDto? Break = null, BreakWindowDto? Lunch = null);

/// <summary>A stretch of local time an agent cannot work.</summary>
public sealed record TimeRangeDto(DateTime? From, DateTime? To);

/// <summary>An agent: the skill groups it serves, the days and times it cannot work.</summary>
/// <param name="LastShiftEnd">End of the agent's last shift before the first day (local, e.g. from last week's published
/// schedule): the rest between shifts holds across the boundary.</param>
public sealed record RosterAgentDto(string? Id, IReadOnlyList<string?>? Skills, IReadOnlyList<DateOnly>? UnavailableDays = null,
    IReadOnlyList<TimeRangeDto?>? Unavailable = null, DateTime? LastShiftEnd = null);

/// <summary>Labour rules; each defaults when absent (11 h rest, 44 h a week, 2 days off a week).</summary>
public sealed record RosterRulesDto(int? MinRestMinutes = null, int? MaxWeeklyMinutes = null, int? MinDaysOffPerWeek = null);

/// <summary>One skill group's agents needed in an interval (the <c>groups</c> of <c>/api/staffing/requirements</c>).</summary>
public sealed record GroupDemandDto(string? SkillGroup, int? Agents);

/// <summary>One interval of the requirement: the shape <c>/api/staffing/requirements</c> answers (other fields are ignored).</summary>
public sealed record DemandIntervalDto(DateTime? Start, IReadOnlyList<GroupDemandDto?>? Groups);

/// <summary>A team to roster over one or two weeks against a requirement per interval.</summary>
/// <param name="FirstDay">First day of the first week, "yyyy-MM-dd".</param>
/// <param name="Weeks">1 or 2; 1 when absent.</param>
/// <param name="IntervalMinutes">15 or 30.</param>
/// <param name="TimeLimitSeconds">1 to 60; 10 when absent. The best schedule found by then is answered with its gap.</param>
public sealed record ScheduleRequest(
    DateOnly? FirstDay,
    int? IntervalMinutes,
    IReadOnlyList<ShiftTemplateDto?>? Templates,
    IReadOnlyList<RosterAgentDto?>? Agents,
    IReadOnlyList<DemandIntervalDto?>? Requirement,
    RosterRulesDto? Rules = null,
    int? Weeks = null,
    double? TimeLimitSeconds = null);

/// <summary>The schedule, its coverage per interval, and how close to optimal it is proved.</summary>
/// <param name="Status">optimal, feasible (time limit reached or stopped) or noSolution.</param>
/// <param name="UnderStaffed">Agent-intervals missing.</param>
/// <param name="OverStaffed">Agent-intervals on the phones and not needed.</param>
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
    IReadOnlyList<IntervalCoverage> Coverage);

/// <summary>Shift schedules by CP-SAT. Pure: no storage, no tenant data. At most a minute each; concurrent solves capped per process (Limits:ConcurrentRosterSolves).</summary>
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
        var problem = Read(request, errors);
        if (problem is null) return TypedResults.ValidationProblem(errors);

        var limit = TimeSpan.FromSeconds(request.TimeLimitSeconds ?? DefaultTimeLimitSeconds);
        // The solver blocks its thread; an aborted request stops it through the token. Concurrent solves are capped by the endpoint's policy.
        var solution = await Task.Run(() => RosterSolver.Solve(problem, new RosterOptions(limit), cancellationToken), CancellationToken.None);
        return TypedResults.Ok(new ScheduleResponse(
            JsonName(solution.Status), solution.Objective, solution.BestBound, solution.Gap, solution.UnderStaffed, solution.OverStaffed,
            solution.PaidHours, solution.Weights, solution.WallSeconds, solution.Shifts, solution.Coverage));
    }

    private static string JsonName(RosterStatus status) => status switch
    {
        RosterStatus.Optimal => "optimal",
        RosterStatus.Feasible => "feasible",
        _ => "noSolution",
    };

    /// <summary>The request as a problem, or null with <paramref name="errors"/> filled; the problem's own rules are checked after.</summary>
    private static RosterProblem? Read(ScheduleRequest request, ValidationErrors errors)
    {
        if (request.FirstDay is null) errors.Add("firstDay", "firstDay is required.");
        if (request.IntervalMinutes is not (15 or 30)) errors.Add("intervalMinutes", "intervalMinutes must be 15 or 30.");
        if (request.Weeks is not (null or 1 or 2)) errors.Add("weeks", "weeks must be 1 or 2.");
        if (request.TimeLimitSeconds is { } limit && !(limit >= 1 && limit <= MaxTimeLimitSeconds))
            errors.Add("timeLimitSeconds", $"timeLimitSeconds must be between 1 and {MaxTimeLimitSeconds}.");
        if (request.Templates is not { Count: > 0 and <= RosterInput.MaxTemplates })
            errors.Add("templates", $"templates must hold 1 to {RosterInput.MaxTemplates} templates.");
        if (request.Agents is not { Count: > 0 and <= RosterInput.MaxAgents })
            errors.Add("agents", $"agents must hold 1 to {RosterInput.MaxAgents} agents.");
        if (request.Requirement is null) errors.Add("requirement", "requirement is required.");
        else if (request.Requirement.Count > MaxRequirementIntervals) errors.Add("requirement", $"At most {MaxRequirementIntervals} intervals.");
        if (errors.Count > 0) return null;

        var templates = new List<ShiftTemplate>();
        for (var i = 0; i < request.Templates!.Count; i++)
        {
            var f = $"templates[{i}]";
            if (request.Templates[i] is not { } t) { errors.Add(f, $"{f} must be an object."); continue; }
            if (t.LengthMinutes is null) errors.Add($"{f}.lengthMinutes", $"{f}.lengthMinutes is required.");
            var earliest = Time(t.EarliestStart, $"{f}.earliestStart", errors);
            var latest = Time(t.LatestStart, $"{f}.latestStart", errors);
            var breakRule = Window(t.Break, $"{f}.break", errors);
            var lunchRule = Window(t.Lunch, $"{f}.lunch", errors);
            if (errors.Count == 0)
                templates.Add(new ShiftTemplate(t.Name ?? "", t.LengthMinutes!.Value, earliest!.Value, latest!.Value,
                    t.StartEveryMinutes ?? request.IntervalMinutes!.Value, breakRule, lunchRule));
        }

        var agents = new List<RosterAgent>();
        for (var i = 0; i < request.Agents!.Count; i++)
        {
            var f = $"agents[{i}]";
            if (request.Agents[i] is not { } a) { errors.Add(f, $"{f} must be an object."); continue; }
            if (a.Skills is null) { errors.Add($"{f}.skills", $"{f}.skills is required."); continue; }
            if ((a.Unavailable?.Count ?? 0) > RosterInput.MaxUnavailablePerAgent)
            {
                errors.Add($"{f}.unavailable", $"{f}.unavailable: at most {RosterInput.MaxUnavailablePerAgent}.");
                continue;
            }
            var ranges = new List<TimeRange>();
            for (var j = 0; j < (a.Unavailable?.Count ?? 0); j++)
            {
                if (a.Unavailable![j] is { From: { } from, To: { } to } && from.Kind == DateTimeKind.Unspecified && to.Kind == DateTimeKind.Unspecified)
                    ranges.Add(new TimeRange(from, to));
                else errors.Add($"{f}.unavailable[{j}]", $"{f}.unavailable[{j}] needs from and to, local date-times without offset or Z.");
            }
            if (a.LastShiftEnd is { Kind: not DateTimeKind.Unspecified })
                errors.Add($"{f}.lastShiftEnd", $"{f}.lastShiftEnd must be a local date-time without offset or Z.");
            agents.Add(new RosterAgent(a.Id ?? "", [.. a.Skills.Select(s => s ?? "")], a.UnavailableDays, ranges, a.LastShiftEnd));
        }

        var demand = new List<IntervalDemand>();
        for (var j = 0; j < request.Requirement!.Count; j++)
        {
            var f = $"requirement[{j}]";
            if (request.Requirement[j] is not { Start: { } start, Groups: { } groups })
            {
                errors.Add(f, $"{f} needs a start and groups.");
                continue;
            }
            if (start.Kind != DateTimeKind.Unspecified) { errors.Add($"{f}.start", $"{f}.start must be a local date-time without offset or Z."); continue; }
            if (groups.Count > MaxGroupsPerInterval) { errors.Add($"{f}.groups", $"{f}.groups: at most {MaxGroupsPerInterval}."); continue; }
            for (var k = 0; k < groups.Count; k++)
            {
                var g = $"{f}.groups[{k}]";
                if (groups[k] is not { SkillGroup: { } skill, Agents: { } n } || string.IsNullOrWhiteSpace(skill))
                    errors.Add(g, $"{g} needs a skillGroup and agents.");
                else
                    demand.Add(new IntervalDemand(start, skill, n));
            }
        }
        if (errors.Count > 0) return null;

        var problem = new RosterProblem(request.FirstDay!.Value, request.Weeks ?? 1, request.IntervalMinutes!.Value, templates, agents, demand,
            new RosterRules(request.Rules?.MinRestMinutes ?? 660, request.Rules?.MaxWeeklyMinutes ?? 2640, request.Rules?.MinDaysOffPerWeek ?? 2));
        // The problem's checks name requirement entries by their flat index; name them by interval and group instead.
        foreach (var (field, message) in RosterInput.Check(problem))
            errors.Add(field.StartsWith("requirement[", StringComparison.Ordinal) ? RequirementField(request.Requirement, field) : field, message);
        return errors.Count > 0 ? null : problem;
    }

    private static string RequirementField(IReadOnlyList<DemandIntervalDto?> requirement, string field)
    {
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var flat = int.Parse(field["requirement[".Length..close], CultureInfo.InvariantCulture);
        for (var j = 0; j < requirement.Count; j++)
        {
            var count = requirement[j]!.Groups!.Count;
            if (flat < count)
                return field.EndsWith(".start", StringComparison.Ordinal) ? $"requirement[{j}].start" : $"requirement[{j}].groups[{flat}]{field[(close + 1)..]}";
            flat -= count;
        }
        return field;
    }

    private static TimeOnly? Time(string? text, string field, ValidationErrors errors)
    {
        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors.Add(field, $"{field} must be a time of day, HH:mm.");
        return null;
    }

    private static BreakRule? Window(BreakWindowDto? dto, string field, ValidationErrors errors)
    {
        if (dto is null) return null;
        if (dto is { Minutes: { } m, EarliestAfterMinutes: { } from, LatestAfterMinutes: { } to }) return new BreakRule(m, from, to);
        errors.Add(field, $"{field} needs minutes, earliestAfterMinutes and latestAfterMinutes.");
        return null;
    }
}
