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

/// <summary>Where an agent stands now.</summary>
/// <param name="Expected">work, break, lunch, training, meeting, off or unscheduled.</param>
/// <param name="ExpectedState">E.g. <c>Available|Reserved|OnCall|AfterCallWork</c>, <c>NotReady:break</c>, <c>LoggedOut</c>.</param>
/// <param name="InAdherence">Null when unscheduled.</param>
/// <param name="Since">Start of the current stretch in (or out of) adherence, at most 12 hours back.</param>
public sealed record AdherenceStatusView(string Expected, string ExpectedState, string State, string? Reason, bool? InAdherence, DateTimeOffset Since,
    int ForSeconds);

/// <summary>A stretch of the timeline: what was expected, what the agent was in, whether that adheres.</summary>
public sealed record AdherenceSegmentView(DateTimeOffset Start, DateTimeOffset End, string Expected, string State, string? Reason, bool? InAdherence);

/// <summary>An actual state over a stretch.</summary>
public sealed record StateSegmentView(DateTimeOffset Start, DateTimeOffset End, string State, string? Reason);

/// <summary>Scheduled activities (the whole day), actual states and the merged segments (up to <c>until</c>), for the page.</summary>
public sealed record AdherenceTimelineView(IReadOnlyList<ActivityView> Scheduled, IReadOnlyList<StateSegmentView> Actual,
    IReadOnlyList<AdherenceSegmentView> Segments);

/// <summary>An agent's day. Minutes are wall-clock minutes up to <c>until</c> (now for today); adherence and conformance are shares
/// in [0, 1] (conformance above 1 is overtime), null when nothing is scheduled yet. Definitions: docs/adherence.md.</summary>
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

/// <summary>Every agent's day: the centre's figures (minutes summed, shares over the sums) and each agent's.</summary>
public sealed record AdherenceDayResponse(DateOnly Date, string TimeZone, DateTimeOffset At, double? Adherence, double? Conformance,
    int OutOfAdherenceNow, IReadOnlyList<AgentAdherenceView> Agents);

/// <summary>Adherence to the published schedule, per agent and day. Admins read every agent, supervisors the agents who serve
/// one of their tenants, an agent only itself (any other id is answered 404, like an unknown one).</summary>
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
        var day = date is null ? calendar.DateOf(now) : PublishedScheduleApi.ParseDate(date, "date", errors);
        if (day is null)
            return TypedResults.ValidationProblem(errors);
        var views = await ComputeAsync(day.Value, null, schedules, states, centre, calendar, now, timeline: false, ct);
        double elapsed = views.Sum(v => v.ElapsedScheduledMinutes), work = views.Sum(v => v.ElapsedScheduledWorkMinutes);
        return TypedResults.Ok(new AdherenceDayResponse(day.Value, calendar.Zone.Id, now,
            elapsed > 0 ? views.Sum(v => v.InAdherenceMinutes) / elapsed : null, work > 0 ? views.Sum(v => v.OnPhoneMinutes) / work : null,
            views.Count(v => v.Status?.InAdherence == false), views));
    }

    public static async Task<Results<Ok<AgentAdherenceView>, ValidationProblem, NotFound>> OneAgent(string agentId, string? date, ClaimsPrincipal user,
        ScheduleStore schedules, AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        // An agent sees only itself, a supervisor the agents of its tenants; any other id gets the answer an unknown id gets.
        centre = SchedulingTenantWall.VisibleTo(user, centre);
        if (centre.Agents.All(a => a.Id != agentId))
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var day = date is null ? calendar.DateOf(now) : PublishedScheduleApi.ParseDate(date, "date", errors);
        if (day is null)
            return TypedResults.ValidationProblem(errors);
        var views = await ComputeAsync(day.Value, agentId, schedules, states, centre, calendar, now, timeline: true, ct);
        return TypedResults.Ok(views[0]);
    }

    private static async Task<IReadOnlyList<AgentAdherenceView>> ComputeAsync(DateOnly date, string? agentId, ScheduleStore schedules,
        AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, DateTimeOffset now, bool timeline, CancellationToken ct)
    {
        var today = calendar.DateOf(now) == date;
        var days = (await schedules.ListAsync(date.AddDays(-1), date.AddDays(1), agentId, ct)).ToLookup(d => d.AgentId, StringComparer.Ordinal);
        // A day's activities start on it and span at most 24 hours: its window lies in [its midnight, two midnights later).
        var from = calendar.DayStart(date);
        if (today && now - AdherenceEngine.StatusLookBack < from) from = now - AdherenceEngine.StatusLookBack;
        var to = calendar.DayStart(date.AddDays(2));
        if (now.AddMilliseconds(1) < to) to = now.AddMilliseconds(1);
        var history = from < to
            ? (await states.ListAsync(from, to, agentId, ct)).ToLookup(c => c.AgentId, c => c.Change, StringComparer.Ordinal)
            : Enumerable.Empty<StateChange>().ToLookup(_ => "", StringComparer.Ordinal);

        var views = new List<AgentAdherenceView>();
        foreach (var agent in centre.Agents.Where(a => agentId is null || a.Id == agentId))
        {
            var agentDays = days[agent.Id].ToList();
            var changes = history[agent.Id].ToList();
            var d = AdherenceEngine.Day(agent.Id, date, agentDays, changes, calendar, now);
            AdherenceStatusView? status = null;
            if (today)
            {
                var s = AdherenceEngine.Status(agentDays, changes, calendar, now);
                status = new AdherenceStatusView(AgentStates.Name(s.Expected), AgentStates.ExpectedState(s.Expected), s.State, s.Reason, s.InAdherence,
                    s.Since, (int)s.For.TotalSeconds);
            }
            AdherenceTimelineView? line = null;
            if (timeline)
            {
                var scheduled = agentDays.Where(x => x.Date == date).SelectMany(x => x.Activities)
                    .Select(a => new ActivityView(AgentStates.Name(a.Kind), calendar.Local(a.Start), calendar.Local(a.End))).ToList();
                var actual = new List<StateSegmentView>();
                foreach (var seg in d.Timeline)
                {
                    if (actual.Count > 0 && actual[^1] is var last && last.End == calendar.Local(seg.Start) && last.State == seg.State && last.Reason == seg.Reason)
                        actual[^1] = last with { End = calendar.Local(seg.End) };
                    else
                        actual.Add(new StateSegmentView(calendar.Local(seg.Start), calendar.Local(seg.End), seg.State, seg.Reason));
                }
                line = new AdherenceTimelineView(scheduled, actual, d.Timeline.Select(seg => new AdherenceSegmentView(calendar.Local(seg.Start),
                    calendar.Local(seg.End), AgentStates.Name(seg.Expected), seg.State, seg.Reason, seg.InAdherence)).ToList());
            }
            views.Add(new AgentAdherenceView(agent.Id, agent.Name, date, d.Scheduled, d.DayOff, calendar.Local(d.Until), d.Adherence, d.Conformance,
                d.ScheduledMinutes, d.ScheduledWorkMinutes, d.ElapsedScheduledMinutes, d.ElapsedScheduledWorkMinutes, d.InAdherenceMinutes,
                d.OutOfAdherenceMinutes, d.LoggedInOutsideScheduleMinutes, d.OnPhoneMinutes, status, line));
        }
        return views;
    }
}
