using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

public sealed record AdherenceStatusView(string Expected, string ExpectedState, string State, string? Reason, bool? InAdherence, DateTimeOffset Since,
    int ForSeconds);

public sealed record AdherenceSegmentView(DateTimeOffset Start, DateTimeOffset End, string Expected, string State, string? Reason, bool? InAdherence);

public sealed record StateSegmentView(DateTimeOffset Start, DateTimeOffset End, string State, string? Reason);

public sealed record AdherenceTimelineView(IReadOnlyList<ActivityView> Scheduled, IReadOnlyList<StateSegmentView> Actual,
    IReadOnlyList<AdherenceSegmentView> Segments);

public sealed record AgentAdherenceView(
    string AgentId,
    string Name,
    DateOnly Date,
    bool Scheduled,
    bool DayOff,
    DateTimeOffset Until,
    double? Adherence,
    double? Conformance,
    double ScheduledMinutes,
    double ScheduledWorkMinutes,
    double ElapsedScheduledMinutes,
    double ElapsedScheduledWorkMinutes,
    double InAdherenceMinutes,
    double OutOfAdherenceMinutes,
    double LoggedInOutsideScheduleMinutes,
    double OnPhoneMinutes,
    AdherenceStatusView? Status,
    AdherenceTimelineView? Timeline);

/// <summary>The centre's shares are over the summed minutes, not a mean of the agents' shares.</summary>
public sealed record AdherenceDayResponse(DateOnly Date, string TimeZone, DateTimeOffset At, double? Adherence, double? Conformance,
    int OutOfAdherenceNow, IReadOnlyList<AgentAdherenceView> Agents);

public static class AdherenceApi
{
    public static IEndpointRouteBuilder MapAdherenceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/adherence").WithTags("Adherence");
        group.MapGet("/", AllAgents).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Adherence and conformance of every agent on date (yyyy-MM-dd in the centre's zone; today when absent), with the current status today.");
        group.MapGet("/agents/{agentId}", OneAgent).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Agent))
            .WithSummary("One agent's adherence on date with its timeline (scheduled vs actual); an agent may read only itself.");
        return app;
    }

    public static async Task<Results<Ok<AdherenceDayResponse>, ValidationProblem>> AllAgents(string? date, ClaimsPrincipal user, ScheduleStore schedules,
        AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        centre = SchedulingTenantWall.VisibleTo(user, centre);
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        if (new AdherenceQuery(date).Read(calendar.DateOf(now), errors) is not { } day)
            return TypedResults.ValidationProblem(errors);
        var agents = await ComputeAsync(day, null, schedules, states, centre, calendar, now, timeline: false, ct);
        var figures = AdherenceReading.Centre([.. agents.Select(a => a.Day)]);
        var views = agents.Select(a => a.View).ToList();
        return TypedResults.Ok(new AdherenceDayResponse(day, calendar.Zone.Id, now, figures.Adherence, figures.Conformance,
            views.Count(v => v.Status?.InAdherence == false), views));
    }

    public static async Task<Results<Ok<AgentAdherenceView>, ValidationProblem, NotFound>> OneAgent(string agentId, string? date, ClaimsPrincipal user,
        ScheduleStore schedules, AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        // Any id the caller may not see gets the answer an unknown id gets.
        centre = SchedulingTenantWall.VisibleTo(user, centre);
        if (centre.Agents.All(a => a.Id != agentId))
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        if (new AdherenceQuery(date).Read(calendar.DateOf(now), errors) is not { } day)
            return TypedResults.ValidationProblem(errors);
        var agents = await ComputeAsync(day, agentId, schedules, states, centre, calendar, now, timeline: true, ct);
        return TypedResults.Ok(agents[0].View);
    }

    private static async Task<IReadOnlyList<(DayAdherence Day, AgentAdherenceView View)>> ComputeAsync(DateOnly date, string? agentId,
        ScheduleStore schedules, AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, DateTimeOffset now, bool timeline,
        CancellationToken ct)
    {
        var today = calendar.DateOf(now) == date;
        var results = new List<(DayAdherence, AgentAdherenceView)>();
        foreach (var (agent, agentDays, changes) in await AdherenceDays.ReadAsync(date, agentId, centre.Agents, schedules, states, calendar, now, ct))
        {
            var d = AdherenceEngine.Day(agent.Id, date, agentDays, changes, calendar, now);
            var status = today ? StatusView(AdherenceEngine.Status(agentDays, changes, calendar, now)) : null;
            var line = timeline ? TimelineView(date, agentDays, d, calendar) : null;
            results.Add((d, new AgentAdherenceView(agent.Id, agent.Name, date, d.Scheduled, d.DayOff, calendar.Local(d.Until), d.Adherence,
                d.Conformance, d.ScheduledMinutes, d.ScheduledWorkMinutes, d.ElapsedScheduledMinutes, d.ElapsedScheduledWorkMinutes,
                d.InAdherenceMinutes, d.OutOfAdherenceMinutes, d.LoggedInOutsideScheduleMinutes, d.OnPhoneMinutes, status, line)));
        }
        return results;
    }

    private static AdherenceStatusView StatusView(AdherenceStatus s) => new(AgentStates.Name(s.Expected), AgentStates.ExpectedState(s.Expected),
        s.State, s.Reason, s.InAdherence, s.Since, (int)s.For.TotalSeconds);

    private static AdherenceTimelineView TimelineView(DateOnly date, IEnumerable<AgentDay> agentDays, DayAdherence day, CentreCalendar calendar) => new(
        [.. agentDays.Where(x => x.Date == date).SelectMany(x => x.Activities)
            .Select(a => new ActivityView(AgentStates.Name(a.Kind), calendar.Local(a.Start), calendar.Local(a.End)))],
        [.. AdherenceReading.ActualStates(day.Timeline).Select(s => new StateSegmentView(calendar.Local(s.Start), calendar.Local(s.End), s.State, s.Reason))],
        [.. day.Timeline.Select(seg => new AdherenceSegmentView(calendar.Local(seg.Start), calendar.Local(seg.End), AgentStates.Name(seg.Expected),
            seg.State, seg.Reason, seg.InAdherence))]);
}
