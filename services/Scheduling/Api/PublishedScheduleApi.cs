using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Checks;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Rostering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public sealed record ActivityView(string Kind, DateTimeOffset Start, DateTimeOffset End);

public sealed record AgentDayView(string AgentId, DateOnly Date, bool DayOff, IReadOnlyList<ActivityView> Activities);

public sealed record PublishedScheduleResponse(string TimeZone, IReadOnlyList<AgentDayView> Days);

public static class PublishedScheduleApi
{
    public const int MaxEntries = 5000;
    public const int MaxActivitiesPerDay = 48;
    public const int MaxPeriodDays = 62;

    public static IEndpointRouteBuilder MapPublishedScheduleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/schedules").WithTags("Scheduling");
        group.MapPut("/published", Publish).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Publishes agents' days (explicit activities and/or the solver's shifts), each replacing what the agent had that day; " +
                         "each day from today on of each tenant those agents serve is then checked by simulation (GET /api/schedules/checks).")
            .WithBodyLimit(RequestBodyLimits.ScheduleBodyBytes);
        group.MapGet("/published", Read).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("The published days in [from, to] (yyyy-MM-dd, the centre's days), of every agent or of agentId.");
        group.MapGet("/me", Mine).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("The agent's own published days in [from, to].");
        return app;
    }

    public static async Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem>> Publish(PublishScheduleRequest? request, ClaimsPrincipal user,
        ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct, PublishedDayChecks? checks = null)
    {
        var errors = new ValidationErrors();
        // Another tenant's agent is refused as an unknown one, before anything is written.
        var plans = (request ?? new PublishScheduleRequest()).Read(SchedulingTenantWall.VisibleTo(user, centre), calendar, errors);
        if (plans is null)
            return TypedResults.ValidationProblem(errors);

        var published = await store.ListAsync(plans.Min(p => p.Date).AddDays(-1), plans.Max(p => p.Date).AddDays(1), ct: ct);
        foreach (var overlap in DayPlanRules.OverlapsWithPublished(plans, published))
            errors.Add(overlap.Activity.Source, $"{overlap.Activity.Source} overlaps the {AgentStates.Name(overlap.Published.Kind)} published on {overlap.PublishedOn:yyyy-MM-dd} for {overlap.Plan.AgentId}.");
        foreach (var overlap in DayPlanRules.OverlapsAcrossDays(plans))
            errors.Add(overlap.Later.Source, $"{overlap.Later.Source} overlaps {overlap.Earlier.Source} (the day before).");
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var days = plans.Select(p => p.ToAgentDay()).ToList();
        await store.PublishAsync(days, user.Subject(), time.GetUtcNow(), ct);
        if (checks is not null) await checks.RequestForPublishedAsync(days, user.Subject(), ct);
        var replaced = days.Select(d => (d.AgentId, d.Date)).ToHashSet();
        var back = await store.ListAsync(days.Min(d => d.Date), days.Max(d => d.Date), ct: ct);
        return TypedResults.Ok(View(calendar, back.Where(d => replaced.Contains((d.AgentId, d.Date)))));
    }

    public static async Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem, NotFound>> Read(string? from, string? to, string? agentId,
        ClaimsPrincipal user, ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        var all = centre;
        centre = SchedulingTenantWall.VisibleTo(user, centre);
        var errors = new ValidationErrors();
        var period = new PublishedScheduleQuery(from, to).Read(calendar.DateOf(time.GetUtcNow()), errors);
        if (period is null)
            return TypedResults.ValidationProblem(errors);
        if (agentId is not null && centre.Agents.All(a => a.Id != agentId))
            return TypedResults.NotFound();
        var days = await store.ListAsync(period.Value.From, period.Value.To, agentId, ct);
        if (!ReferenceEquals(all, centre))
        {
            var visible = centre.Agents.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            days = days.Where(d => visible.Contains(d.AgentId)).ToList();
        }
        return TypedResults.Ok(View(calendar, days));
    }

    public static async Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem, NotFound>> Mine(string? from, string? to, ClaimsPrincipal user,
        ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        if (user.AgentId() is not { Length: > 0 } agentId)
            return TypedResults.NotFound();
        return await Read(from, to, agentId, user, store, centre, calendar, time, ct);
    }

    internal static PublishedScheduleResponse View(CentreCalendar calendar, IEnumerable<AgentDay> days) => new(calendar.Zone.Id,
        days.OrderBy(d => d.Date).ThenBy(d => d.AgentId, StringComparer.Ordinal)
            .Select(d => new AgentDayView(d.AgentId, d.Date, d.DayOff,
                d.Activities.Select(a => new ActivityView(AgentStates.Name(a.Kind), calendar.Local(a.Start), calendar.Local(a.End))).ToList()))
            .ToList());
}
