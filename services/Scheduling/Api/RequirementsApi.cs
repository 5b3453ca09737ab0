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

/// <summary>One queue's forecast and contract.</summary>
/// <param name="Id">The queue, unique in the request.</param>
/// <param name="SkillGroup">Queues with the same skill group share agents and are staffed together; the queue's id when absent.</param>
/// <param name="AhtSeconds">Average handle time, at least 1 s and at most 86,400.</param>
/// <param name="TargetServiceLevel">Share to answer within the threshold, in (0, 1).</param>
/// <param name="TargetAnswerSeconds">Service-level threshold, ≥ 0.</param>
/// <param name="PatienceSeconds">Mean caller patience (Erlang A); Erlang C when absent.</param>
/// <param name="MaxOccupancy">Occupancy cap in (0, 1]; none when absent.</param>
/// <param name="Forecast">Calls per interval (local wall-clock starts on the interval grid); an interval absent is 0 calls.</param>
public sealed record RequirementsQueue(
    string? Id,
    string? SkillGroup,
    double? AhtSeconds,
    double? TargetServiceLevel,
    double? TargetAnswerSeconds,
    IReadOnlyList<ForecastPoint?>? Forecast,
    double? PatienceSeconds = null,
    double? MaxOccupancy = null);

/// <summary>Which agents the queues need per interval.</summary>
/// <param name="IntervalMinutes">15 or 30.</param>
/// <param name="Queues">The queues and their forecasts.</param>
/// <param name="Shrinkage">Share of paid time off the phones, in [0, 1): adds the scheduled head count; 0 when absent.</param>
public sealed record RequirementsRequest(int? IntervalMinutes, IReadOnlyList<RequirementsQueue?>? Queues, double? Shrinkage = null);

/// <summary>One interval: agents on the phones pooled by skill group, and what staffing each queue apart would need.</summary>
public sealed record RequirementsInterval(DateTime Start, int PooledAgents, int PerQueueAgents, int ScheduledAgents, IReadOnlyList<GroupRequirement> Groups);

/// <summary>A skill group's agent hours over the whole request, pooled and queue by queue.</summary>
public sealed record GroupTotal(string SkillGroup, double PooledAgentHours, double PerQueueAgentHours);

/// <summary>A queue's calls and agent hours if staffed on its own.</summary>
public sealed record QueueTotal(string QueueId, string SkillGroup, double Calls, double AgentHours);

/// <summary>The requirements, interval by interval, with their totals in agent hours on the phones.</summary>
public sealed record RequirementsResponse(
    int IntervalMinutes,
    double PooledAgentHours,
    double PerQueueAgentHours,
    IReadOnlyList<GroupTotal> Groups,
    IReadOnlyList<QueueTotal> Queues,
    IReadOnlyList<RequirementsInterval> Intervals);

/// <summary>Agents required per interval from per-queue forecasts, pooled by skill group. Pure: no storage, no tenant data.</summary>
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

        var width = request.IntervalMinutes;
        if (width is not (15 or 30))
        {
            errors.Add("intervalMinutes", "intervalMinutes must be 15 or 30.");
            width = null;
        }
        if (request.Shrinkage is { } s && !(s >= 0 && s < 1)) errors.Add("shrinkage", "shrinkage must be at least 0 and less than 1.");
        var queues = request.Queues;
        if (queues is not { Count: > 0 }) errors.Add("queues", "queues is required and must not be empty.");
        else if (queues.Count > MaxQueues) errors.Add("queues", $"At most {MaxQueues} queues at a time.");
        else if (queues.Sum(q => q?.Forecast?.Count ?? 0) > MaxPoints) errors.Add("queues", $"At most {MaxPoints} forecast points in all.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var demands = new List<QueueDemand>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queues!.Count; i++)
        {
            var field = $"queues[{i}]";
            if (queues[i] is not { } queue)
            {
                errors.Add(field, $"{field} must be an object.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(queue.Id)) errors.Add($"{field}.id", $"{field}.id is required.");
            else if (!ids.Add(queue.Id)) errors.Add($"{field}.id", $"{field}.id {queue.Id} appears twice.");
            Require(errors.Add, $"{field}.ahtSeconds", queue.AhtSeconds, v => v is >= 1 and <= StaffingApi.MaxAhtSeconds, "must be at least 1 and at most 86400 (a day)");
            Require(errors.Add, $"{field}.targetServiceLevel", queue.TargetServiceLevel, v => v is > 0 and < 1, "must be between 0 and 1, exclusive");
            Require(errors.Add, $"{field}.targetAnswerSeconds", queue.TargetAnswerSeconds, v => v >= 0, "must be 0 or more");
            if (queue.MaxOccupancy is not null)
                Require(errors.Add, $"{field}.maxOccupancy", queue.MaxOccupancy, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");
            if (queue.PatienceSeconds is not null)
                Require(errors.Add, $"{field}.patienceSeconds", queue.PatienceSeconds,
                    v => v > 0 && !(queue.AhtSeconds > 0 && v > StaffingApi.MaxPatienceInHandleTimes * queue.AhtSeconds),
                    $"must be greater than 0 and at most {StaffingApi.MaxPatienceInHandleTimes} × ahtSeconds");
            var calls = new Dictionary<DateTime, double>();
            if (queue.Forecast is null) errors.Add($"{field}.forecast", $"{field}.forecast is required.");
            else
                for (var j = 0; j < queue.Forecast.Count; j++)
                {
                    var pointField = $"{field}.forecast[{j}]";
                    var point = queue.Forecast[j];
                    if (point?.Start is not { } start || point.Calls is not { } c)
                        errors.Add(pointField, $"{pointField} needs a start and calls.");
                    else if (start.Kind != DateTimeKind.Unspecified)
                        errors.Add($"{pointField}.start", $"{pointField}.start must be a local date-time without offset or Z.");
                    else if (width is { } w && (start.Ticks % TimeSpan.TicksPerMinute != 0 || (int)start.TimeOfDay.TotalMinutes % w != 0))
                        errors.Add($"{pointField}.start", Invariant($"{pointField}.start {start:yyyy-MM-ddTHH:mm:ss} is not on a {w}-minute boundary."));
                    else if (!(c >= 0 && c <= ForecastApi.MaxCallsPerInterval))
                        errors.Add($"{pointField}.calls", Invariant($"{pointField}.calls must be between 0 and {ForecastApi.MaxCallsPerInterval:0e0}."));
                    else if (!calls.TryAdd(start, c))
                        errors.Add($"{pointField}.start", $"{pointField}.start appears twice in the queue's forecast.");
                }
            if (errors.Count == 0)
                demands.Add(new QueueDemand(queue.Id!, string.IsNullOrWhiteSpace(queue.SkillGroup) ? queue.Id! : queue.SkillGroup, queue.AhtSeconds!.Value,
                    new ServiceLevelTarget(queue.TargetServiceLevel!.Value, queue.TargetAnswerSeconds!.Value, queue.MaxOccupancy ?? 1),
                    queue.PatienceSeconds, calls));
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var plan = StaffingRequirements.Compute(demands, width!.Value);
        foreach (var unreachable in plan.Unreachable.Take(10))
        {
            var index = demands.FindIndex(d => d.QueueId == unreachable.QueueId);
            if (index < 0) index = demands.FindIndex(d => d.SkillGroup == unreachable.QueueId);
            errors.Add($"queues[{index}].forecast", Invariant($"{unreachable.QueueId} needs more than {ErlangC.MaxAgents} agents at {unreachable.Start:yyyy-MM-ddTHH:mm:ss}."));
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var hours = width.Value / 60.0;
        var shrinkage = request.Shrinkage ?? 0;
        if (plan.Intervals.Count > 0 && plan.Intervals.Max(i => i.PooledAgents) / (1 - shrinkage) > int.MaxValue)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["shrinkage"] = ["shrinkage is so close to 1 that the scheduled head count is out of range."],
            });
        var groups = plan.Intervals.SelectMany(i => i.Groups).GroupBy(g => g.SkillGroup)
            .Select(g => new GroupTotal(g.Key, g.Sum(x => x.Agents) * hours, g.Sum(x => x.PerQueueAgents) * hours)).ToList();
        var perQueue = plan.Intervals.SelectMany(i => i.Groups).SelectMany(g => g.Queues).GroupBy(q => q.QueueId)
            .ToDictionary(g => g.Key, g => (Calls: g.Sum(q => q.Calls), Hours: g.Sum(q => q.Agents) * hours));
        return TypedResults.Ok(new RequirementsResponse(
            width.Value,
            plan.Intervals.Sum(i => i.PooledAgents) * hours,
            plan.Intervals.Sum(i => i.PerQueueAgents) * hours,
            groups,
            [.. demands.Select(d => new QueueTotal(d.QueueId, d.SkillGroup, perQueue.GetValueOrDefault(d.QueueId).Calls, perQueue.GetValueOrDefault(d.QueueId).Hours))],
            [.. plan.Intervals.Select(i => new RequirementsInterval(i.Start, i.PooledAgents, i.PerQueueAgents,
                Shrinkage.ScheduledAgents(i.PooledAgents, shrinkage), i.Groups))]));
    }

    private static void Require(Action<string, string> add, string field, double? value, Func<double, bool> valid, string rule)
    {
        if (value is null) add(field, $"{field} is required.");
        else if (!double.IsFinite(value.Value) || !valid(value.Value)) add(field, $"{field} {rule}.");
    }
}
