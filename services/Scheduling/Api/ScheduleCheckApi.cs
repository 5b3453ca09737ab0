using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;
using CallCentre.Scheduling.Rostering;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Api;

public sealed record CheckAgentDto(string? Id, IReadOnlyList<string>? Skills);

/// <param name="Requirement">The body of <c>POST /api/staffing/requirements</c>: the forecast per queue and interval.</param>
/// <param name="Shifts">The solver's shifts (local times), as <c>PUT /api/schedules/published</c> takes them.</param>
public sealed record ScheduleCheckRequest(string? TenantId, RequirementsRequest? Requirement, IReadOnlyList<CheckAgentDto?>? Agents,
    IReadOnlyList<PublishedShiftDto?>? Shifts, int? Seeds = null);

public sealed record CheckIntervalView(DateTime Start, double ForecastCalls, int Agents, double? ErlangServiceLevel, double? ErlangAbandoned,
    double? SimulatedCalls, double? SimulatedServiceLevel, double? ServiceLevelSpread, double? SimulatedAbandoned, double? AbandonedSpread,
    double? MissedTargetShare);

public sealed record CheckQueueView(string QueueId, string SkillGroup, double ServiceLevelTarget, double ExpectedMissedIntervals,
    IReadOnlyList<CheckIntervalView> Intervals);

public sealed record ScheduleCheckView(Guid Id, string TenantId, DateTimeOffset CheckedAt, int Runs, int IntervalMinutes, double ExpectedMissedIntervals,
    IReadOnlyList<CheckQueueView> Queues);

public static class ScheduleCheckApi
{
    public const int MaxIntervals = 14 * 96;
    public const int MaxAgents = 500;
    public const int MaxShifts = 5000;
    public const int MaxSeeds = 20;
    public const int DefaultSeeds = 5;
    public const int MaxQueues = 50;
    public const double MaxSimulatedCalls = 2_000_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapScheduleCheckApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/schedules/checks").WithTags("Scheduling");
        group.MapPost("/", Check).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Plays a schedule against its forecast in the Simulator (routing engine, virtual time, a few seeds) and keeps the result " +
                         "beside Erlang's figures; 503 when no Simulator answers.")
            .WithBodyLimit(RequestBodyLimits.ScheduleBodyBytes);
        group.MapGet("/{checkId:guid}", Read).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("A check kept by POST, if it is of a tenant the caller may see.");
        return app;
    }

    public static async Task<Results<Created<ScheduleCheckView>, ValidationProblem, NotFound, ProblemHttpResult>> Check(ScheduleCheckRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, IRequestClient<ScheduleSimulationRequested> simulator, ScheduleCheckStore store,
        IOptions<SchedulingOptions> options, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        request ??= new ScheduleCheckRequest(null, null, null, null);
        if (string.IsNullOrWhiteSpace(request.TenantId)) errors.Add("tenantId", "tenantId is required.");
        else if (!user.GrantedTenants(centre.Tenants.Select(t => t.Id)).Contains(request.TenantId)) return TypedResults.NotFound();
        if (request.Requirement is null) errors.Add("requirement", "requirement is required (the body of POST /api/staffing/requirements).");
        if (request.Seeds is { } seeds && seeds is < 1 or > MaxSeeds) errors.Add("seeds", $"seeds must be between 1 and {MaxSeeds}.");
        var read = request.Requirement?.Read(errors);
        var agents = ReadAgents(request.Agents, errors);
        if (errors.Count > 0 || read is not { } demand || agents is null) return TypedResults.ValidationProblem(errors);
        var (width, queues) = demand;
        if (queues.Count > MaxQueues) errors.Add("requirement.queues", $"At most {MaxQueues} queues can be simulated at a time.");
        else if (queues.Sum(q => q.Calls.Values.Sum()) * (request.Seeds ?? DefaultSeeds) > MaxSimulatedCalls)
            errors.Add("requirement.queues", $"The forecast calls times the seeds exceed {MaxSimulatedCalls:N0} simulated calls.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var starts = queues.SelectMany(q => q.Calls.Keys).ToList();
        if (starts.Count == 0)
        {
            errors.Add("requirement.queues", "The forecasts hold no interval.");
            return TypedResults.ValidationProblem(errors);
        }
        var first = starts.Min();
        var span = (starts.Max() - first).TotalMinutes / width + 1;
        if (span > MaxIntervals || starts.Max() > DateTime.MaxValue.AddDays(-1))
        {
            errors.Add("requirement.queues", $"The forecasts span {span:0} intervals; at most {MaxIntervals}.");
            return TypedResults.ValidationProblem(errors);
        }
        var intervals = (int)span;
        var onPhones = ReadShifts(request.Shifts, agents, first, width, intervals, errors);
        if (errors.Count > 0 || onPhones is null) return TypedResults.ValidationProblem(errors);

        var message = new ScheduleSimulationRequested(NewId.NextGuid(), request.TenantId!, new DateTimeOffset(first, TimeSpan.Zero), width, intervals,
            [.. queues.Select(q => new SimulatedQueue(q.QueueId, new Dictionary<string, int> { [q.SkillGroup] = 1 }, 5,
                [.. Enumerable.Range(0, intervals).Select(t => q.Calls.GetValueOrDefault(first.AddMinutes(t * width)))], q.AhtSeconds, q.PatienceSeconds,
                q.Target.AnswerWithinSeconds, q.Target.ServiceLevel))],
            [.. agents.Select(a => new SimulatedAgent(a.Id, a.Skills.ToDictionary(s => s, _ => 1, StringComparer.Ordinal), onPhones[a.Id]))],
            [.. Enumerable.Range(1, request.Seeds ?? DefaultSeeds)], time.GetUtcNow());
        ScheduleSimulated answer;
        try
        {
            answer = (await simulator.GetResponse<ScheduleSimulated>(message, ct, RequestTimeout.After(ms: (int)options.Value.SimulationCheckTimeout.TotalMilliseconds))).Message;
        }
        catch (RequestTimeoutException)
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The simulator is unavailable.",
                detail: $"No Simulator answered within {options.Value.SimulationCheckTimeout.TotalSeconds:0} s: is the simulator module hosted?");
        }
        catch (RequestFaultException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The simulator could not play the schedule.",
                detail: e.Fault?.Exceptions.FirstOrDefault()?.Message);
        }

        var view = View(answer, message, queues, agents, onPhones, first, width);
        await store.SaveAsync(view.Id, view.TenantId, view.CheckedAt, user.Subject(), JsonSerializer.Serialize(view, Json), ct);
        return TypedResults.Created($"/api/schedules/checks/{view.Id}", view);
    }

    public static async Task<Results<Ok<ScheduleCheckView>, NotFound>> Read(Guid checkId, ClaimsPrincipal user, CentreDefinition centre, ScheduleCheckStore store,
        CancellationToken ct) =>
        await store.FindAsync(checkId, [.. user.GrantedTenants(centre.Tenants.Select(t => t.Id))], ct) is { } json
            ? TypedResults.Ok(JsonSerializer.Deserialize<ScheduleCheckView>(json, Json)!)
            : TypedResults.NotFound();

    private sealed record CheckAgent(string Id, IReadOnlyList<string> Skills);

    private static List<CheckAgent>? ReadAgents(IReadOnlyList<CheckAgentDto?>? agents, ValidationErrors errors)
    {
        if (agents is not { Count: > 0 and <= MaxAgents })
        {
            errors.Add("agents", $"agents must hold 1 to {MaxAgents} agents.");
            return null;
        }
        var list = new List<CheckAgent>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agents.Count; i++)
        {
            if (agents[i] is not { Id: { Length: > 0 } id, Skills: { Count: > 0 and <= 20 } skills } || skills.Any(string.IsNullOrWhiteSpace))
                errors.Add($"agents[{i}]", $"agents[{i}] needs an id and 1 to 20 skills.");
            else if (!ids.Add(id)) errors.Add($"agents[{i}].id", $"agents[{i}].id {id} appears twice.");
            else list.Add(new CheckAgent(id, skills));
        }
        return errors.Count > 0 ? null : list;
    }

    /// <returns>Per agent and interval: on the phones for the whole interval (inside a shift, outside its break and lunch).</returns>
    private static Dictionary<string, bool[]>? ReadShifts(IReadOnlyList<PublishedShiftDto?>? shifts, List<CheckAgent> agents, DateTime first, int width,
        int intervals, ValidationErrors errors)
    {
        if (shifts is null || shifts.Count > MaxShifts)
        {
            errors.Add("shifts", $"shifts is required, at most {MaxShifts}.");
            return null;
        }
        var onPhones = agents.ToDictionary(a => a.Id, _ => new bool[intervals], StringComparer.Ordinal);
        for (var i = 0; i < shifts.Count; i++)
        {
            var f = $"shifts[{i}]";
            if (shifts[i] is not { } s || s.AgentId is null || !onPhones.TryGetValue(s.AgentId, out var row))
            {
                errors.Add($"{f}.agentId", $"{f}.agentId must be one of agents.");
                continue;
            }
            var (start, end) = (Local(s.Start, $"{f}.start", errors), Local(s.End, $"{f}.end", errors));
            TimeRange? Range(ShiftRangeDto? r, string field) => r is null ? null
                : Local(r.From, $"{field}.from", errors) is { } from && Local(r.To, $"{field}.to", errors) is { } to ? new TimeRange(from, to) : null;
            var pauses = new[] { Range(s.Break, $"{f}.break"), Range(s.Lunch, $"{f}.lunch") }.OfType<TimeRange>().ToList();
            if (start is null || end is null) continue;
            if (end <= start || end.Value - start.Value > TimeSpan.FromHours(16)) { errors.Add($"{f}.end", $"{f}.end must be after start, at most 16 h later."); continue; }
            for (var t = 0; t < intervals; t++)
            {
                var (from, to) = (first.AddMinutes(t * width), first.AddMinutes((t + 1) * width));
                if (from >= start && to <= end && pauses.All(p => to <= p.From || from >= p.To)) row[t] = true;
            }
        }
        return errors.Count > 0 ? null : onPhones;
    }

    private static DateTime? Local(string? text, string field, ValidationErrors errors)
    {
        if (DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            return value;
        errors.Add(field, $"{field} must be a local date-time (yyyy-MM-ddTHH:mm[:ss]).");
        return null;
    }

    private static ScheduleCheckView View(ScheduleSimulated answer, ScheduleSimulationRequested message, List<QueueDemand> queues,
        List<CheckAgent> agents, Dictionary<string, bool[]> onPhones, DateTime first, int width)
    {
        var views = queues.Select((q, i) =>
        {
            var able = agents.Where(a => a.Skills.Contains(q.SkillGroup)).Select(a => onPhones[a.Id]).ToList();
            var simulated = answer.Queues.FirstOrDefault(r => r.QueueId == q.QueueId)?.Intervals;
            var rows = Enumerable.Range(0, message.Intervals).Select(t =>
            {
                var calls = message.Queues[i].ForecastCalls[t];
                var staffed = able.Count(a => a[t]);
                var erlang = Erlang(q, calls, staffed, width);
                var sim = simulated is not null && t < simulated.Count ? simulated[t] : null;
                return new CheckIntervalView(first.AddMinutes(t * width), calls, staffed, erlang?.ServiceLevel, erlang?.ProbabilityOfAbandoning,
                    sim?.OfferedMean, sim?.ServiceLevelMean, sim?.ServiceLevelSpread, sim?.AbandonedMean, sim?.AbandonedSpread, sim?.MissedTargetShare);
            }).ToList();
            return new CheckQueueView(q.QueueId, q.SkillGroup, q.Target.ServiceLevel, rows.Sum(r => r.MissedTargetShare ?? 0), rows);
        }).ToList();
        return new ScheduleCheckView(answer.CheckId, message.TenantId, answer.SimulatedAt, answer.Runs, width, views.Sum(v => v.ExpectedMissedIntervals), views);
    }

    /// <summary>Null without calls; beyond Erlang C's steady state (agents ≤ traffic) no call is answered in time.</summary>
    private static QueuePerformance? Erlang(QueueDemand q, double calls, int agents, int width)
    {
        if (calls <= 0) return null;
        var erlangs = calls * q.AhtSeconds / (width * 60.0);
        if (erlangs > ErlangC.MaxAgents) return new QueuePerformance(agents, 0, 1, double.PositiveInfinity, 1, q.PatienceSeconds is null ? 0 : 1);
        if (agents == 0) return new QueuePerformance(0, 0, 1, double.PositiveInfinity, 0, q.PatienceSeconds is null ? 0 : 1);
        if (q.PatienceSeconds is { } patience) return ErlangA.Evaluate(agents, erlangs, q.AhtSeconds, patience, q.Target.AnswerWithinSeconds);
        return agents <= erlangs ? new QueuePerformance(agents, 0, 1, double.PositiveInfinity, 1, 0)
            : ErlangC.Evaluate(agents, erlangs, q.AhtSeconds, q.Target.AnswerWithinSeconds);
    }
}
