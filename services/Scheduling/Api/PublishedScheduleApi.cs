using System.Globalization;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Scheduling.Api;

/// <summary>An activity: <c>kind</c> work, break, lunch, training or meeting; <c>start</c> and <c>end</c> as local date-times of the
/// centre ("2026-11-27T08:00") or instants with an offset or Z.</summary>
public sealed record ActivityDto(string? Kind, string? Start, string? End);

/// <summary>An agent's day: a day off, or its activities (which start on <c>date</c>, do not overlap, and span at most 24 hours).</summary>
public sealed record AgentDayDto(string? AgentId, DateOnly? Date, bool? DayOff = null, IReadOnlyList<ActivityDto?>? Activities = null);

/// <summary>A break or lunch of a solver shift: local date-times or instants.</summary>
public sealed record ShiftRangeDto(string? From, string? To);

/// <summary>A shift as <c>POST /api/schedules/solve</c> answers it: work from start to end less its break and lunch.</summary>
public sealed record PublishedShiftDto(string? AgentId, string? Template, string? Start, string? End, ShiftRangeDto? Break = null, ShiftRangeDto? Lunch = null);

/// <summary>Days to publish, as explicit days and/or solver shifts (a shift belongs to the day it starts). With <c>from</c> and
/// <c>to</c> (inclusive), every agent named in the request gets a day off on each day of the period it has nothing on, and every
/// entry must fall in the period. Each (agent, day) given replaces what was published for it.</summary>
public sealed record PublishScheduleRequest(DateOnly? From = null, DateOnly? To = null, IReadOnlyList<AgentDayDto?>? Days = null,
    IReadOnlyList<PublishedShiftDto?>? Shifts = null);

/// <summary>A published activity; times carry the centre's offset at that instant.</summary>
public sealed record ActivityView(string Kind, DateTimeOffset Start, DateTimeOffset End);

public sealed record AgentDayView(string AgentId, DateOnly Date, bool DayOff, IReadOnlyList<ActivityView> Activities);

/// <param name="TimeZone">The centre's time zone, in which days and local times are read.</param>
public sealed record PublishedScheduleResponse(string TimeZone, IReadOnlyList<AgentDayView> Days);

/// <summary>Published schedules: centre-level data (agents serve several client companies). Admins publish and read every
/// agent's, supervisors those of the agents who serve one of their tenants; an agent reads its own.</summary>
public static class PublishedScheduleApi
{
    public const int MaxEntries = 5000;
    public const int MaxActivitiesPerDay = 48;
    public const int MaxPeriodDays = 62;

    public static IEndpointRouteBuilder MapPublishedScheduleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/schedules").WithTags("Scheduling");
        group.MapPut("/published", Publish).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Publishes agents' days (explicit activities and/or the solver's shifts), each replacing what the agent had that day.")
            .WithBodyLimit(RequestBodyLimits.ScheduleBodyBytes);
        group.MapGet("/published", Read).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("The published days in [from, to] (yyyy-MM-dd, the centre's days), of every agent or of agentId.");
        group.MapGet("/me", Mine).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("The agent's own published days in [from, to].");
        return app;
    }

    public static async Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem>> Publish(PublishScheduleRequest? request, ClaimsPrincipal user,
        ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        // Another tenant's agent is refused as an unknown one, before anything is written.
        var candidates = ReadRequest(request, SchedulingTenantWall.VisibleTo(user, centre), calendar, errors);
        if (candidates is null)
            return TypedResults.ValidationProblem(errors);

        // Days next to the published ones, as they will be: a night shift must not run into the next day's shift.
        var agents = candidates.Select(c => c.AgentId).ToHashSet(StringComparer.Ordinal);
        var stored = await store.ListAsync(candidates.Min(c => c.Date).AddDays(-1), candidates.Max(c => c.Date).AddDays(1), ct: ct);
        var replaced = candidates.Select(c => (c.AgentId, c.Date)).ToHashSet();
        var neighbours = stored.Where(d => agents.Contains(d.AgentId) && !replaced.Contains((d.AgentId, d.Date)))
            .SelectMany(d => d.Activities.Select(a => (d.AgentId, d.Date, Activity: a))).ToLookup(x => x.AgentId);
        foreach (var c in candidates)
            foreach (var (activity, field) in c.Activities)
                foreach (var n in neighbours[c.AgentId])
                    if (n.Activity.Start < activity.End && activity.Start < n.Activity.End)
                        errors.Add(field, $"{field} overlaps the {AgentStates.Name(n.Activity.Kind)} published on {n.Date:yyyy-MM-dd} for {c.AgentId}.");
        foreach (var group in candidates.GroupBy(c => c.AgentId))
        {
            var all = group.SelectMany(c => c.Activities.Select(a => (c.Date, a.Activity, a.Field))).OrderBy(x => x.Activity.Start).ToList();
            for (var i = 1; i < all.Count; i++)
                if (all[i].Date != all[i - 1].Date && all[i].Activity.Start < all[i - 1].Activity.End)
                    errors.Add(all[i].Field, $"{all[i].Field} overlaps {all[i - 1].Field} (the day before).");
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var days = candidates.Select(c => new AgentDay(c.AgentId, c.Date, c.DayOff, c.Activities.Select(a => a.Activity).ToList())).ToList();
        await store.PublishAsync(days, user.Subject(), time.GetUtcNow(), ct);
        var from = days.Min(d => d.Date);
        var to = days.Max(d => d.Date);
        var back = await store.ListAsync(from, to, ct: ct);
        return TypedResults.Ok(View(calendar, back.Where(d => replaced.Contains((d.AgentId, d.Date)))));
    }

    public static async Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem, NotFound>> Read(string? from, string? to, string? agentId,
        ClaimsPrincipal user, ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        var all = centre;
        centre = SchedulingTenantWall.VisibleTo(user, centre);
        var errors = new ValidationErrors();
        var period = Period(from, to, calendar.DateOf(time.GetUtcNow()), errors);
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

    /// <summary>[from, to] from yyyy-MM-dd texts: today when both are absent, one day when only <paramref name="from"/> is given.</summary>
    internal static (DateOnly From, DateOnly To)? Period(string? from, string? to, DateOnly today, ValidationErrors errors)
    {
        var first = from is null ? today : ParseDate(from, "from", errors);
        var last = to is null ? first : ParseDate(to, "to", errors);
        if (first is null || last is null) return null;
        if (last < first) errors.Add("to", "to must be on or after from.");
        else if (last.Value.DayNumber - first.Value.DayNumber >= MaxPeriodDays) errors.Add("to", $"At most {MaxPeriodDays} days at a time.");
        return errors.Count > 0 ? null : (first.Value, last.Value);
    }

    internal static DateOnly? ParseDate(string text, string field, ValidationErrors errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (DateBounds.Contains(date)) return date;
            errors.Add(field, DateBounds.Message(field));
            return null;
        }
        errors.Add(field, $"{field} must be a date, yyyy-MM-dd.");
        return null;
    }

    internal static PublishedScheduleResponse View(CentreCalendar calendar, IEnumerable<AgentDay> days) => new(calendar.Zone.Id,
        days.OrderBy(d => d.Date).ThenBy(d => d.AgentId, StringComparer.Ordinal)
            .Select(d => new AgentDayView(d.AgentId, d.Date, d.DayOff,
                d.Activities.Select(a => new ActivityView(AgentStates.Name(a.Kind), calendar.Local(a.Start), calendar.Local(a.End))).ToList()))
            .ToList());

    private sealed class Candidate(string agentId, DateOnly date, bool dayOff, string source)
    {
        public string AgentId => agentId;
        public DateOnly Date => date;
        public bool DayOff => dayOff;
        public string Field => source;
        public List<(ScheduledActivity Activity, string Field)> Activities { get; } = [];
    }

    /// <summary>The request as one candidate per (agent, day), or null with <paramref name="errors"/> filled.</summary>
    private static List<Candidate>? ReadRequest(PublishScheduleRequest? request, CentreDefinition centre, CentreCalendar calendar, ValidationErrors errors)
    {
        if (request is null || (request.Days is null or { Count: 0 } && request.Shifts is null or { Count: 0 }))
        {
            errors.Add("days", "days or shifts must hold at least one entry.");
            return null;
        }
        if ((request.Days?.Count ?? 0) + (request.Shifts?.Count ?? 0) > MaxEntries)
        {
            errors.Add("days", $"At most {MaxEntries} days and shifts at a time.");
            return null;
        }
        if (request.From is null != request.To is null)
            errors.Add(request.From is null ? "from" : "to", "from and to go together.");
        else if (request.From is { } f && request.To is { } t && (t < f || t.DayNumber - f.DayNumber >= MaxPeriodDays))
            errors.Add("to", $"to must be on or after from, at most {MaxPeriodDays} days later.");

        var known = centre.Agents.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var byKey = new Dictionary<(string, DateOnly), Candidate>();

        for (var i = 0; i < (request.Days?.Count ?? 0); i++)
        {
            var f = $"days[{i}]";
            if (request.Days![i] is not { } d) { errors.Add(f, $"{f} must be an object."); continue; }
            var agentOk = Agent(d.AgentId, known, $"{f}.agentId", errors);
            if (d.Date is null) errors.Add($"{f}.date", $"{f}.date is required (yyyy-MM-dd).");
            var activities = d.Activities ?? [];
            if (d.DayOff == true && activities.Count > 0) errors.Add($"{f}.activities", $"{f}: a day off has no activities.");
            if (d.DayOff != true && activities.Count == 0) errors.Add($"{f}.activities", $"{f}.activities is required unless dayOff is true.");
            if (activities.Count > MaxActivitiesPerDay) { errors.Add($"{f}.activities", $"{f}.activities: at most {MaxActivitiesPerDay}."); continue; }
            if (!agentOk || d.Date is null) continue;
            if (byKey.ContainsKey((d.AgentId!, d.Date.Value)))
            {
                errors.Add(f, $"{f}: {d.AgentId} on {d.Date:yyyy-MM-dd} is given twice.");
                continue;
            }
            var candidate = byKey[(d.AgentId!, d.Date.Value)] = new Candidate(d.AgentId!, d.Date.Value, d.DayOff == true, f);
            for (var j = 0; j < activities.Count; j++)
            {
                var af = $"{f}.activities[{j}]";
                if (activities[j] is not { } a) { errors.Add(af, $"{af} must be an object."); continue; }
                ActivityKind? kind = a.Kind is { } k && Enum.TryParse<ActivityKind>(k, ignoreCase: true, out var parsed) && !int.TryParse(k, out _)
                    ? parsed : null;
                if (kind is null) errors.Add($"{af}.kind", $"{af}.kind must be work, break, lunch, training or meeting.");
                var start = Instant(a.Start, $"{af}.start", calendar, errors);
                var end = Instant(a.End, $"{af}.end", calendar, errors);
                if (kind is null || start is null || end is null) continue;
                if (end <= start) { errors.Add($"{af}.end", $"{af}.end must be after its start."); continue; }
                candidate.Activities.Add((new ScheduledActivity(kind.Value, start.Value, end.Value), af));
            }
        }

        for (var i = 0; i < (request.Shifts?.Count ?? 0); i++)
        {
            var f = $"shifts[{i}]";
            var before = errors.Count;
            if (request.Shifts![i] is not { } s) { errors.Add(f, $"{f} must be an object."); continue; }
            var agentOk = Agent(s.AgentId, known, $"{f}.agentId", errors);
            var start = Instant(s.Start, $"{f}.start", calendar, errors);
            var end = Instant(s.End, $"{f}.end", calendar, errors);
            if (start is not null && end is not null && end <= start) { errors.Add($"{f}.end", $"{f}.end must be after its start."); continue; }
            var cut = new List<(ActivityKind Kind, DateTimeOffset From, DateTimeOffset To, string Field)>();
            foreach (var (range, kind, name) in new[] { (s.Break, ActivityKind.Break, "break"), (s.Lunch, ActivityKind.Lunch, "lunch") })
            {
                if (range is null) continue;
                var from = Instant(range.From, $"{f}.{name}.from", calendar, errors);
                var to = Instant(range.To, $"{f}.{name}.to", calendar, errors);
                if (from is null || to is null || start is null || end is null) continue;
                if (to <= from || from < start || to > end)
                    errors.Add($"{f}.{name}", $"{f}.{name} must end after it starts and lie within the shift.");
                else
                    cut.Add((kind, from.Value, to.Value, $"{f}.{name}"));
            }
            if (cut.Count == 2 && cut[0].From < cut[1].To && cut[1].From < cut[0].To)
                errors.Add($"{f}.lunch", $"{f}.lunch overlaps {f}.break.");
            if (!agentOk || start is null || end is null || errors.Count > before) continue;

            var date = calendar.DateOf(start.Value);
            if (!byKey.TryGetValue((s.AgentId!, date), out var candidate))
                candidate = byKey[(s.AgentId!, date)] = new Candidate(s.AgentId!, date, false, f);
            else if (candidate.DayOff)
            {
                errors.Add(f, $"{f}: {s.AgentId} has a day off on {date:yyyy-MM-dd} in this request.");
                continue;
            }
            var at = start.Value;
            foreach (var c in cut.OrderBy(c => c.From))
            {
                if (c.From > at) candidate.Activities.Add((new ScheduledActivity(ActivityKind.Work, at, c.From), f));
                candidate.Activities.Add((new ScheduledActivity(c.Kind, c.From, c.To), c.Field));
                at = c.To;
            }
            if (end.Value > at) candidate.Activities.Add((new ScheduledActivity(ActivityKind.Work, at, end.Value), f));
        }

        foreach (var c in byKey.Values)
        {
            var sorted = c.Activities.OrderBy(a => a.Activity.Start).ToList();
            for (var j = 1; j < sorted.Count; j++)
                if (sorted[j].Activity.Start < sorted[j - 1].Activity.End)
                    errors.Add(sorted[j].Field, $"{sorted[j].Field} overlaps {sorted[j - 1].Field}.");
            if (sorted.Count == 0) continue;
            if (calendar.DateOf(sorted[0].Activity.Start) != c.Date)
                errors.Add($"{sorted[0].Field}.start", $"{sorted[0].Field} must start on {c.Date:yyyy-MM-dd} ({calendar.Zone.Id}).");
            if (sorted.Max(a => a.Activity.End) - sorted[0].Activity.Start > TimeSpan.FromHours(24))
                errors.Add(c.Field, $"{c.Field}: a day's activities span at most 24 hours.");
            c.Activities.Clear();
            c.Activities.AddRange(sorted);
        }

        if (request.From is { } first && request.To is { } last)
        {
            foreach (var c in byKey.Values.Where(c => c.Date < first || c.Date > last))
                errors.Add(c.Field, $"{c.Field}: {c.Date:yyyy-MM-dd} is outside from..to.");
            foreach (var agent in byKey.Keys.Select(k => k.Item1).Distinct().ToList())
                for (var day = first; day <= last; day = day.AddDays(1))
                    byKey.TryAdd((agent, day), new Candidate(agent, day, true, "from"));
        }
        return errors.Count > 0 ? null : byKey.Values.ToList();
    }

    private static bool Agent(string? agentId, HashSet<string> known, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(agentId)) { errors.Add(field, $"{field} is required."); return false; }
        if (!known.Contains(agentId)) { errors.Add(field, $"{field}: there is no agent '{agentId}' in the centre."); return false; }
        return true;
    }

    /// <summary>A local date-time of the centre (no offset) or an instant (offset or Z).</summary>
    internal static DateTimeOffset? Instant(string? text, string field, CentreCalendar calendar, ValidationErrors errors)
    {
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) || text.Length < 16)
        {
            errors.Add(field, $"{field} must be a date-time, local (2026-11-27T08:00) or with an offset.");
            return null;
        }
        if (parsed.Kind != DateTimeKind.Unspecified)
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime();
        if (calendar.ToInstant(parsed) is { } instant) return instant;
        errors.Add(field, $"{field}: {text} does not exist in {calendar.Zone.Id} (the clock skips it).");
        return null;
    }
}
