using System.Globalization;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Rostering;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>Minutes after the shift starts.</summary>
public sealed record BreakWindowDto(int? Minutes, int? EarliestAfterMinutes, int? LatestAfterMinutes);

/// <param name="Break">Paid.</param>
/// <param name="Lunch">Unpaid.</param>
public sealed record ShiftTemplateDto(string? Name, int? LengthMinutes, string? EarliestStart, string? LatestStart, int? StartEveryMinutes = null,
    BreakWindowDto? Break = null, BreakWindowDto? Lunch = null);

public sealed record TimeRangeDto(DateTime? From, DateTime? To);

public sealed record RosterAgentDto(string? Id, IReadOnlyList<string?>? Skills, IReadOnlyList<DateOnly>? UnavailableDays = null,
    IReadOnlyList<TimeRangeDto?>? Unavailable = null, DateTime? LastShiftEnd = null);

public sealed record RosterRulesDto(int? MinRestMinutes = null, int? MaxWeeklyMinutes = null, int? MinDaysOffPerWeek = null);

public sealed record GroupDemandDto(string? SkillGroup, int? Agents);

/// <summary>The shape <c>/api/staffing/requirements</c> answers; other fields are ignored.</summary>
public sealed record DemandIntervalDto(DateTime? Start, IReadOnlyList<GroupDemandDto?>? Groups);

public sealed record ScheduleRequest(
    DateOnly? FirstDay,
    int? IntervalMinutes,
    IReadOnlyList<ShiftTemplateDto?>? Templates,
    IReadOnlyList<RosterAgentDto?>? Agents,
    IReadOnlyList<DemandIntervalDto?>? Requirement,
    RosterRulesDto? Rules = null,
    int? Weeks = null,
    double? TimeLimitSeconds = null)
{

    public void CheckLimits(ComputeLimits limits, ValidationErrors errors)
    {
        if (Agents is not { } agents || Requirement is not { } requirement)
            return;
        var intervals = requirement.Select(r => r?.Start).Where(s => s is not null).Distinct().Count();
        if ((long)agents.Count * intervals > limits.MaxSolveAgentIntervals)
            errors.Add("agents", Invariant($"{agents.Count} agents × {intervals} requirement intervals is {(long)agents.Count * intervals}; at most {limits.MaxSolveAgentIntervals} are accepted."));
    }

    public RosterProblem? Read(ValidationErrors errors)
    {
        if (FirstDay is null) errors.Add("firstDay", "firstDay is required.");
        if (IntervalMinutes is not (15 or 30)) errors.Add("intervalMinutes", "intervalMinutes must be 15 or 30.");
        if (Weeks is not (null or 1 or 2)) errors.Add("weeks", "weeks must be 1 or 2.");
        if (TimeLimitSeconds is { } limit && !(limit >= 1 && limit <= ScheduleApi.MaxTimeLimitSeconds))
            errors.Add("timeLimitSeconds", $"timeLimitSeconds must be between 1 and {ScheduleApi.MaxTimeLimitSeconds}.");
        if (Templates is not { Count: > 0 and <= RosterInput.MaxTemplates })
            errors.Add("templates", $"templates must hold 1 to {RosterInput.MaxTemplates} templates.");
        if (Agents is not { Count: > 0 and <= RosterInput.MaxAgents })
            errors.Add("agents", $"agents must hold 1 to {RosterInput.MaxAgents} agents.");
        if (Requirement is null) errors.Add("requirement", "requirement is required.");
        else if (Requirement.Count > ScheduleApi.MaxRequirementIntervals) errors.Add("requirement", $"At most {ScheduleApi.MaxRequirementIntervals} intervals.");
        if (errors.Count > 0) return null;

        var templates = new List<ShiftTemplate>();
        for (var i = 0; i < Templates!.Count; i++)
        {
            var f = $"templates[{i}]";
            if (Templates[i] is not { } t) { errors.Add(f, $"{f} must be an object."); continue; }
            if (t.LengthMinutes is null) errors.Add($"{f}.lengthMinutes", $"{f}.lengthMinutes is required.");
            var earliest = Time(t.EarliestStart, $"{f}.earliestStart", errors);
            var latest = Time(t.LatestStart, $"{f}.latestStart", errors);
            var breakRule = Window(t.Break, $"{f}.break", errors);
            var lunchRule = Window(t.Lunch, $"{f}.lunch", errors);
            if (errors.Count == 0)
                templates.Add(new ShiftTemplate(t.Name ?? "", t.LengthMinutes!.Value, earliest!.Value, latest!.Value,
                    t.StartEveryMinutes ?? IntervalMinutes!.Value, breakRule, lunchRule));
        }

        var agents = new List<RosterAgent>();
        for (var i = 0; i < Agents!.Count; i++)
        {
            var f = $"agents[{i}]";
            if (Agents[i] is not { } a) { errors.Add(f, $"{f} must be an object."); continue; }
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
        for (var j = 0; j < Requirement!.Count; j++)
        {
            var f = $"requirement[{j}]";
            if (Requirement[j] is not { Start: { } start, Groups: { } groups })
            {
                errors.Add(f, $"{f} needs a start and groups.");
                continue;
            }
            if (start.Kind != DateTimeKind.Unspecified) { errors.Add($"{f}.start", $"{f}.start must be a local date-time without offset or Z."); continue; }
            if (groups.Count > ScheduleApi.MaxGroupsPerInterval) { errors.Add($"{f}.groups", $"{f}.groups: at most {ScheduleApi.MaxGroupsPerInterval}."); continue; }
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

        var problem = new RosterProblem(FirstDay!.Value, Weeks ?? 1, IntervalMinutes!.Value, templates, agents, demand,
            new RosterRules(Rules?.MinRestMinutes ?? 660, Rules?.MaxWeeklyMinutes ?? 2640, Rules?.MinDaysOffPerWeek ?? 2));
        // The problem's checks name requirement entries by their flat index; name them by interval and group instead.
        foreach (var (field, message) in RosterInput.Check(problem))
            errors.Add(field.StartsWith("requirement[", StringComparison.Ordinal) ? RequirementField(Requirement, field) : field, message);
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
