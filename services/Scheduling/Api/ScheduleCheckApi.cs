using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using CallCentre.Scheduling.Checks;
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

/// <param name="ForecastCalls">The day's forecast calls; the other figures are the whole day's, Erlang's weighted by the forecast.</param>
public sealed record CheckDayView(double ForecastCalls, double? ErlangServiceLevel, double? SimulatedServiceLevel, double? ServiceLevelSpread,
    double? SimulatedAbandoned, double? AbandonedSpread, double? MissedTargetShare);

/// <summary>The contract fields are those of the SLA contract in effect (none: the queue's own target, no penalty).</summary>
public sealed record CheckQueueView(string QueueId, string SkillGroup, double ServiceLevelTarget, double ExpectedMissedIntervals,
    IReadOnlyList<CheckIntervalView> Intervals)
{
    public double? ThresholdSeconds { get; init; }
    public CheckDayView? Day { get; init; }
    public int? ContractVersion { get; init; }
    public string? ContractPeriod { get; init; }
    public decimal? PenaltyPerMissedPeriod { get; init; }
    public string? Currency { get; init; }
    public decimal? ExpectedPenalty { get; init; }
}

public sealed record PenaltyTotal(string Currency, decimal Amount);

/// <summary>Status "done" with figures; a published day's check is "pending" until a Simulator answers, or "failed" naming why.</summary>
public sealed record ScheduleCheckView(Guid Id, string TenantId, DateTimeOffset CheckedAt, int Runs, int IntervalMinutes, double ExpectedMissedIntervals,
    IReadOnlyList<CheckQueueView> Queues)
{
    public string Status { get; init; } = "done";
    public DateOnly? Day { get; init; }
    public string? TimeZone { get; init; }
    public int Attempts { get; init; }
    public string? Problem { get; init; }
    public IReadOnlyList<PenaltyTotal> ExpectedPenalties { get; init; } = [];
}

public sealed record PublishedCheckRequest(string? TenantId, string? Day, int? Seeds = null);

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
        group.MapPost("/published", CheckPublished).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Asks for a check of the tenant's published schedule of a day against its queues' forecast and SLA contracts; 202 with the " +
                         "pending check, played as soon as a Simulator answers (publishing a schedule asks for it by itself).");
        group.MapGet("/", List).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("The checks of the tenant's published day, newest first (pending, done or failed).");
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

        var view = CheckReport.View(answer, message, queues,
            (i, t) => agents.Count(a => a.Skills.Contains(queues[i].SkillGroup) && onPhones[a.Id][t]), t => first.AddMinutes(t * width), []);
        await store.SaveAsync(view.Id, view.TenantId, view.CheckedAt, user.Subject(), JsonSerializer.Serialize(view, Json), ct);
        return TypedResults.Created($"/api/schedules/checks/{view.Id}", view);
    }

    public static async Task<Results<Ok<ScheduleCheckView>, NotFound>> Read(Guid checkId, ClaimsPrincipal user, CentreDefinition centre, ScheduleCheckStore store,
        CancellationToken ct) =>
        await store.FindAsync(checkId, [.. user.GrantedTenants(centre.Tenants.Select(t => t.Id))], ct) is { } json
            ? TypedResults.Ok(JsonSerializer.Deserialize<ScheduleCheckView>(json, Json)!)
            : TypedResults.NotFound();

    public static async Task<Results<Accepted<ScheduleCheckView>, ValidationProblem, NotFound>> CheckPublished(PublishedCheckRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, PublishedDayChecks checks, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        request ??= new PublishedCheckRequest(null, null);
        if (TenantOf(request.TenantId, user, centre, errors) is not { } tenant) return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
        var day = request.Day is null ? null : FieldRules.Date(request.Day, "day", errors);
        if (request.Day is null) errors.Add("day", "day is required (yyyy-MM-dd, the tenant's day).");
        if (request.Seeds is { } seeds && seeds is < 1 or > MaxSeeds) errors.Add("seeds", $"seeds must be between 1 and {MaxSeeds}.");
        if (errors.Count > 0 || day is null) return TypedResults.ValidationProblem(errors);
        var check = await checks.RequestAsync(tenant, day.Value, user.Subject(), request.Seeds ?? PublishedDayChecks.DefaultSeeds, ct);
        return TypedResults.Accepted($"/api/schedules/checks/{check.Id}", check);
    }

    public static async Task<Results<Ok<IReadOnlyList<ScheduleCheckView>>, ValidationProblem, NotFound>> List(string? tenantId, string? day, ClaimsPrincipal user,
        CentreDefinition centre, ScheduleCheckStore store, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (TenantOf(tenantId, user, centre, errors) is not { } tenant) return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
        if (day is null) errors.Add("day", "day is required (yyyy-MM-dd, the tenant's day).");
        var date = day is null ? null : FieldRules.Date(day, "day", errors);
        if (errors.Count > 0 || date is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok<IReadOnlyList<ScheduleCheckView>>([.. (await store.ListAsync(tenant, date.Value, 10, ct)).Select(PublishedDayChecks.Read)]);
    }

    private static string? TenantOf(string? tenantId, ClaimsPrincipal user, CentreDefinition centre, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(tenantId)) errors.Add("tenantId", "tenantId is required.");
        else if (user.GrantedTenants(centre.Tenants.Select(t => t.Id)).Contains(tenantId)) return tenantId;
        return null;
    }

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
}
