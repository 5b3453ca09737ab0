using System.Globalization;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Requests;
using CallCentre.Scheduling.Rostering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Api;

/// <summary>Two dates (whole days, both included) or two date-times (local or with an offset), <paramref name="To"/> excluded.</summary>
public sealed record TimeOffBody(string? From, string? To, string? Note = null);

public sealed record SwapOfferBody(string? Date, string? Note = null);

public sealed record DecisionBody(bool? Approve, string? Reason);

public sealed record AgentRequestView(Guid Id, string Kind, string AgentId, string Status, DateTimeOffset From, DateTimeOffset To, DateOnly? Day,
    string? CoveringAgentId, string Note, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string? Summary,
    RequestAssessment? Assessment);

public sealed record DecisionView(DateTimeOffset At, string DecidedBy, string Outcome, string Reason, RequestAssessment? Figures);

public sealed record AgentRequestDetail(AgentRequestView Request, IReadOnlyList<DecisionView> Decisions);

public sealed record MyRequestsResponse(string TimeZone, IReadOnlyList<AgentRequestView> Requests, IReadOnlyList<AgentRequestView> Offers);

public sealed record AgentRequestList(string TimeZone, IReadOnlyList<AgentRequestView> Requests);

/// <summary>Agents' time off and shift swaps (docs/requests.md), walled like the published schedules.</summary>
public static class AgentRequestsApi
{
    public const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapAgentRequestsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agent-requests").WithTags("Scheduling");
        group.MapPost("/time-off", RequestTimeOff).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("Asks for time off (whole days or part of one); approved at once when the requirement stays met, else queued.");
        group.MapPost("/swaps", OfferSwap).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("Offers one of the agent's published shifts to a colleague who can cover it.");
        group.MapPost("/{requestId:guid}/accept", AcceptSwap).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("Takes a colleague's offered shift; approved at once when the requirement stays met and the rules hold, else queued.");
        group.MapGet("/mine", Mine).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("The agent's own requests, and the swaps it may take.");
        group.MapGet("/", List).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Requests of the agents the caller supervises, newest first: status=queued (default), offered, approved, denied or all.");
        group.MapGet("/{requestId:guid}", Get).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Agent))
            .WithSummary("A request and the audit of every decision on it, with the figures each was made on.");
        group.MapPost("/{requestId:guid}/decision", Decide).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Approves or denies a queued request, with a reason; sending the same decision again changes nothing.");
        return app;
    }

    public static async Task<Results<Created<AgentRequestView>, ValidationProblem, NotFound>> RequestTimeOff(TimeOffBody? body, ClaimsPrincipal user,
        AgentRequestStore requests, ScheduleStore schedules, RequirementForecast requirement, CentreDefinition centre, CentreCalendar calendar,
        IOptions<AgentRequestOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (user.AgentId() is not { Length: > 0 } agentId || centre.Agents.All(a => a.Id != agentId)) return TypedResults.NotFound();
        var o = options.Value;
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        body ??= new TimeOffBody(null, null);
        var note = Note(body.Note, errors);
        var period = Period(body, calendar, o.MaxTimeOffDays, errors);
        if (period is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (from, to) = period.Value;
        if (to <= now) errors.Add("to", "to is already past.");
        else if ((await requests.OverlappingAsync(agentId, from, to, ct)).FirstOrDefault() is { } open)
            errors.Add("from", $"from..to overlaps your open request {open.Id} ({Local(calendar, open.From)}–{Local(calendar, open.To)}).");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var published = await PublishedAroundAsync(schedules, calendar, from, to, ct);
        var change = ScheduleChange.TimeOff(agentId, from, to, published);
        if (change.Before.Count == 0)
        {
            errors.Add("from", $"Nothing is published for you between {Local(calendar, from)} and {Local(calendar, to)}: time off is asked against a published schedule.");
            return TypedResults.ValidationProblem(errors);
        }
        var assessment = await AssessAsync(change, published, requirement, centre, calendar, o, now, ct);
        var request = new AgentRequest(Guid.NewGuid(), AgentRequestKind.TimeOff, agentId, from, to, null, null,
            assessment.Approvable ? AgentRequestStatus.Approved : AgentRequestStatus.Queued, note, now, assessment);
        await requests.CreateAsync(request, new RequestDecision(request.Id, now, RequestDecision.System, request.Status, assessment.Summary(calendar), assessment),
            change, ct);
        var stored = (await requests.GetAsync(request.Id, ct))!;
        return TypedResults.Created($"/api/agent-requests/{request.Id}", View(stored, calendar));
    }

    public static async Task<Results<Created<AgentRequestView>, ValidationProblem, NotFound>> OfferSwap(SwapOfferBody? body, ClaimsPrincipal user,
        AgentRequestStore requests, ScheduleStore schedules, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        if (user.AgentId() is not { Length: > 0 } agentId || centre.Agents.All(a => a.Id != agentId)) return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        body ??= new SwapOfferBody(null);
        var note = Note(body.Note, errors);
        DateOnly? date = body.Date is null ? null : FieldRules.Date(body.Date, "date", errors);
        if (body.Date is null) errors.Add("date", "date is required (yyyy-MM-dd).");
        if (date is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var day = (await schedules.ListAsync(date.Value, date.Value, agentId, ct)).FirstOrDefault();
        if (day is not { DayOff: false, Activities.Count: > 0 })
            errors.Add("date", $"date: you have no published shift on {date:yyyy-MM-dd}.");
        else if (day.Activities.Min(a => a.Start) <= now)
            errors.Add("date", $"date: your shift on {date:yyyy-MM-dd} has started.");
        else if ((await requests.OverlappingAsync(agentId, day.Activities.Min(a => a.Start), day.Activities.Max(a => a.End), ct)).FirstOrDefault() is { } open)
            errors.Add("date", $"date: your open request {open.Id} covers this shift already.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var request = new AgentRequest(Guid.NewGuid(), AgentRequestKind.Swap, agentId, day!.Activities.Min(a => a.Start), day.Activities.Max(a => a.End),
            date, null, AgentRequestStatus.Offered, note, now);
        await requests.CreateAsync(request, new RequestDecision(request.Id, now, RequestDecision.System, AgentRequestStatus.Offered,
            "Offered to colleagues who can cover it.", null), null, ct);
        return TypedResults.Created($"/api/agent-requests/{request.Id}", View(request, calendar));
    }

    public static async Task<Results<Ok<AgentRequestView>, ValidationProblem, NotFound, ProblemHttpResult>> AcceptSwap(Guid requestId, ClaimsPrincipal user,
        AgentRequestStore requests, ScheduleStore schedules, RequirementForecast requirement, CentreDefinition centre, CentreCalendar calendar,
        IOptions<AgentRequestOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (user.AgentId() is not { Length: > 0 } agentId) return TypedResults.NotFound();
        var offer = await requests.GetAsync(requestId, ct);
        if (offer is null || !MayTake(centre, offer, agentId)) return TypedResults.NotFound();
        if (offer.Status != AgentRequestStatus.Offered) return Conflict("This shift is no longer offered.");
        var now = time.GetUtcNow();
        if (offer.From <= now) return Conflict("This shift has started.");

        var published = await PublishedAroundAsync(schedules, calendar, offer.From, offer.To, ct);
        if (ScheduleChange.Swap(offer.AgentId, agentId, offer.Day!.Value, published) is not { } change)
        {
            var errors = new ValidationErrors();
            errors.Add("requestId", $"You are published to work on {offer.Day:yyyy-MM-dd}: only a free day can take this shift.");
            return TypedResults.ValidationProblem(errors);
        }
        var assessment = await AssessAsync(change, published, requirement, centre, calendar, options.Value, now, ct);
        var outcome = assessment.Approvable ? AgentRequestStatus.Approved : AgentRequestStatus.Queued;
        var result = await requests.TransitionAsync(requestId, [AgentRequestStatus.Offered],
            new RequestDecision(requestId, now, RequestDecision.System, outcome, $"{agentId} takes the shift. {assessment.Summary(calendar)}", assessment),
            agentId, ApprovedChange, ct);
        if (!result.Changed) return Conflict(result.Refusal ?? "This shift is no longer offered.");
        return TypedResults.Ok(View(result.Request!, calendar));
    }

    public static async Task<Results<Ok<MyRequestsResponse>, NotFound>> Mine(ClaimsPrincipal user, AgentRequestStore requests, CentreDefinition centre,
        CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        if (user.AgentId() is not { Length: > 0 } agentId) return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var mine = await requests.ListForAgentAsync(agentId, ct);
        var offers = (await requests.OpenOffersAsync(ct)).Where(r => r.From > now && MayTake(centre, r, agentId)).ToList();
        return TypedResults.Ok(new MyRequestsResponse(calendar.Zone.Id, [.. mine.Select(r => View(r, calendar))], [.. offers.Select(r => View(r, calendar))]));
    }

    public static async Task<Results<Ok<AgentRequestList>, ValidationProblem>> List(string? status, ClaimsPrincipal user, AgentRequestStore requests,
        CentreDefinition centre, CentreCalendar calendar, CancellationToken ct)
    {
        AgentRequestStatus? wanted = AgentRequestStatus.Queued;
        if (status is "all") wanted = null;
        else if (status is not null)
        {
            if (!Enum.TryParse<AgentRequestStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                var errors = new ValidationErrors();
                errors.Add("status", "status must be queued, offered, approved, denied or all.");
                return TypedResults.ValidationProblem(errors);
            }
            wanted = parsed;
        }
        var visible = SchedulingTenantWall.VisibleTo(user, centre).Agents.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var list = await requests.ListAsync(wanted, visible, ct);
        return TypedResults.Ok(new AgentRequestList(calendar.Zone.Id, [.. list.Select(r => View(r, calendar))]));
    }

    public static async Task<Results<Ok<AgentRequestDetail>, NotFound>> Get(Guid requestId, ClaimsPrincipal user, AgentRequestStore requests,
        CentreDefinition centre, CentreCalendar calendar, CancellationToken ct)
    {
        var request = await requests.GetAsync(requestId, ct);
        if (request is null || !MaySee(user, centre, request)) return TypedResults.NotFound();
        var decisions = await requests.DecisionsAsync(requestId, ct);
        return TypedResults.Ok(new AgentRequestDetail(View(request, calendar),
            [.. decisions.Select(d => new DecisionView(calendar.Local(d.At), d.DecidedBy, AgentRequestNames.Name(d.Outcome), d.Reason, d.Figures))]));
    }

    public static async Task<Results<Ok<AgentRequestView>, ValidationProblem, NotFound, ProblemHttpResult>> Decide(Guid requestId, DecisionBody? body,
        ClaimsPrincipal user, AgentRequestStore requests, ScheduleStore schedules, RequirementForecast requirement, CentreDefinition centre,
        CentreCalendar calendar, IOptions<AgentRequestOptions> options, TimeProvider time, CancellationToken ct)
    {
        var request = await requests.GetAsync(requestId, ct);
        if (request is null || !Supervises(user, centre, request)) return TypedResults.NotFound();
        var errors = new ValidationErrors();
        if (body?.Approve is null) errors.Add("approve", "approve is required (true or false).");
        if (string.IsNullOrWhiteSpace(body?.Reason)) errors.Add("reason", "reason is required.");
        else if (body.Reason.Length > MaxNoteLength) errors.Add("reason", $"reason: at most {MaxNoteLength} characters.");
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var approve = body!.Approve!.Value;
        var outcome = approve ? AgentRequestStatus.Approved : AgentRequestStatus.Denied;
        if (request.Status == outcome) return TypedResults.Ok(View(request, calendar));
        if (!request.IsOpen) return Conflict($"This request was {AgentRequestNames.Name(request.Status)} already.");
        if (approve && request.Status == AgentRequestStatus.Offered) return Conflict("No colleague has taken this shift yet.");

        var now = time.GetUtcNow();
        RequestAssessment? figures = null;
        if (approve)
        {
            var published = await PublishedAroundAsync(schedules, calendar, request.From, request.To, ct);
            if (await ApprovedChange(request, (f, t) => Task.FromResult<IReadOnlyList<AgentDay>>([.. published.Where(d => d.Date >= f && d.Date <= t)])) is { } change)
                figures = await AssessAsync(change, published, requirement, centre, calendar, options.Value, now, ct);
        }
        var result = await requests.TransitionAsync(requestId, [AgentRequestStatus.Queued, AgentRequestStatus.Offered],
            new RequestDecision(requestId, now, user.Subject(), outcome, body.Reason!.Trim(), figures), null, ApprovedChange, ct);
        if (result.Changed) return TypedResults.Ok(View(result.Request!, calendar));
        // Sent twice, or two supervisors at once: the same decision stands, another is refused.
        if (result.Request is { } now2 && now2.Status == outcome) return TypedResults.Ok(View(now2, calendar));
        return Conflict(result.Refusal ?? $"This request was {AgentRequestNames.Name(result.Request?.Status ?? request.Status)} already.");
    }

    private static async Task<ScheduleChange?> ApprovedChange(AgentRequest request, Func<DateOnly, DateOnly, Task<IReadOnlyList<AgentDay>>> read)
    {
        var days = await read(DateOnly.FromDateTime(request.From.UtcDateTime).AddDays(-1), DateOnly.FromDateTime(request.To.UtcDateTime).AddDays(1));
        return request.Kind == AgentRequestKind.TimeOff
            ? ScheduleChange.TimeOff(request.AgentId, request.From, request.To, days)
            : request.CoveringAgentId is { } taker ? ScheduleChange.Swap(request.AgentId, taker, request.Day!.Value, days) : null;
    }

    private static async Task<RequestAssessment> AssessAsync(ScheduleChange change, IReadOnlyList<AgentDay> published, RequirementForecast requirement,
        CentreDefinition centre, CentreCalendar calendar, AgentRequestOptions o, DateTimeOffset now, CancellationToken ct)
    {
        StaffingNeed? need = null;
        IReadOnlyList<string> unknown = [];
        if (change.Start is { } start && change.End is { } end)
            (need, unknown) = await requirement.ComputeAsync(centre, start, end, o.IntervalMinutes, o.HistoryDays, ct);
        return RequestAssessor.Assess(change, need, unknown, published, new RosterRules(o.MinRestMinutes, o.MaxWeeklyMinutes, o.MinDaysOffPerWeek),
            calendar, now, o.IntervalMinutes);
    }

    /// <summary>The rules check whole weeks.</summary>
    private static async Task<IReadOnlyList<AgentDay>> PublishedAroundAsync(ScheduleStore schedules, CentreCalendar calendar, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct) =>
        await schedules.ListAsync(RuleCheck.Monday(calendar.DateOf(from)).AddDays(-1), RuleCheck.Monday(calendar.DateOf(to)).AddDays(7), ct: ct);

    private static (DateTimeOffset From, DateTimeOffset To)? Period(TimeOffBody body, CentreCalendar calendar, int maxDays, ValidationErrors errors)
    {
        if (body.From is null) errors.Add("from", "from is required: a date (yyyy-MM-dd) or a date-time.");
        if (body.To is null) errors.Add("to", "to is required: a date (yyyy-MM-dd) or a date-time.");
        if (body.From is null || body.To is null) return null;
        DateTimeOffset? from, to;
        if (body.From.Length == 10 && body.To.Length == 10)
        {
            var first = FieldRules.Date(body.From, "from", errors, echo: true);
            var last = FieldRules.Date(body.To, "to", errors, echo: true);
            if (first is null || last is null) return null;
            if (last < first) { errors.Add("to", "to must be on or after from."); return null; }
            (from, to) = (calendar.DayStart(first.Value), calendar.DayStart(last.Value.AddDays(1)));
        }
        else if (body.From.Length == 10 || body.To.Length == 10)
        {
            errors.Add("to", "from and to are both dates (whole days) or both date-times (part of a day).");
            return null;
        }
        else
        {
            from = FieldRules.Instant(body.From, "from", calendar, errors);
            to = FieldRules.Instant(body.To, "to", calendar, errors);
            if (from is null || to is null) return null;
            if (!DateBounds.Contains(from.Value) || !DateBounds.Contains(to.Value)) { errors.Add("from", DateBounds.Message("from")); return null; }
            if (to <= from) { errors.Add("to", "to must be after from."); return null; }
        }
        if (to!.Value - from!.Value > TimeSpan.FromDays(maxDays)) { errors.Add("to", $"At most {maxDays} days at a time."); return null; }
        return (from.Value, to.Value);
    }

    private static string Note(string? note, ValidationErrors errors)
    {
        if (note is { Length: > MaxNoteLength }) errors.Add("note", $"note: at most {MaxNoteLength} characters.");
        return note?.Trim() ?? "";
    }

    private static bool Supervises(ClaimsPrincipal user, CentreDefinition centre, AgentRequest request) =>
        (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor)) && SchedulingTenantWall.VisibleTo(user, centre).Agents.Any(a => a.Id == request.AgentId);

    private static bool MaySee(ClaimsPrincipal user, CentreDefinition centre, AgentRequest request)
    {
        if (Supervises(user, centre, request)) return true;
        if (!user.IsInRole(Roles.Agent) || user.AgentId() is not { Length: > 0 } me) return false;
        return request.AgentId == me || request.CoveringAgentId == me || (request.Status == AgentRequestStatus.Offered && MayTake(centre, request, me));
    }

    /// <summary>A colleague who can take every queue the giver can (the same tenants, skills at least as good).</summary>
    public static bool MayTake(CentreDefinition centre, AgentRequest offer, string takerId)
    {
        if (offer.Kind != AgentRequestKind.Swap || offer.AgentId == takerId) return false;
        var giver = centre.Agents.FirstOrDefault(a => a.Id == offer.AgentId);
        var taker = centre.Agents.FirstOrDefault(a => a.Id == takerId);
        if (giver is null || taker is null) return false;
        return centre.Queues.Where(q => RequirementForecast.Meets(giver.Skills, q.RequiredSkills)).All(q => RequirementForecast.Meets(taker.Skills, q.RequiredSkills));
    }

    private static string Local(CentreCalendar calendar, DateTimeOffset instant) =>
        calendar.Local(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static ProblemHttpResult Conflict(string title) => TypedResults.Problem(title: title, statusCode: StatusCodes.Status409Conflict);

    internal static AgentRequestView View(AgentRequest r, CentreCalendar calendar) => new(r.Id, AgentRequestNames.Name(r.Kind), r.AgentId,
        AgentRequestNames.Name(r.Status), calendar.Local(r.From), calendar.Local(r.To), r.Day, r.CoveringAgentId, r.Note, calendar.Local(r.CreatedAt),
        r.DecidedAt is { } at ? calendar.Local(at) : null, r.DecidedBy, r.Reason, r.Assessment?.Summary(calendar), r.Assessment);
}
