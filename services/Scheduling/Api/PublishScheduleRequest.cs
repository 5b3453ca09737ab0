using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Api;

/// <summary>Times are local date-times of the centre ("2026-11-27T08:00") or instants with an offset or Z.</summary>
public sealed record ActivityDto(string? Kind, string? Start, string? End);

public sealed record AgentDayDto(string? AgentId, DateOnly? Date, bool? DayOff = null, IReadOnlyList<ActivityDto?>? Activities = null);

public sealed record ShiftRangeDto(string? From, string? To);

public sealed record PublishedShiftDto(string? AgentId, string? Template, string? Start, string? End, ShiftRangeDto? Break = null, ShiftRangeDto? Lunch = null);

/// <summary>Each (agent, day) given replaces what was published; with from and to, a day an agent has nothing on is a day off.</summary>
public sealed record PublishScheduleRequest(DateOnly? From = null, DateOnly? To = null, IReadOnlyList<AgentDayDto?>? Days = null,
    IReadOnlyList<PublishedShiftDto?>? Shifts = null) {
    public List<DayPlan>? Read(CentreDefinition centre, CentreCalendar calendar, ValidationErrors errors)
    {
        if (Days is null or { Count: 0 } && Shifts is null or { Count: 0 })
        {
            errors.Add("days", "days or shifts must hold at least one entry.");
            return null;
        }
        if ((Days?.Count ?? 0) + (Shifts?.Count ?? 0) > PublishedScheduleApi.MaxEntries)
        {
            errors.Add("days", $"At most {PublishedScheduleApi.MaxEntries} days and shifts at a time.");
            return null;
        }
        if (From is null != To is null)
            errors.Add(From is null ? "from" : "to", "from and to go together.");
        else if (From is { } f && To is { } t && (t < f || t.DayNumber - f.DayNumber >= PublishedScheduleApi.MaxPeriodDays))
            errors.Add("to", $"to must be on or after from, at most {PublishedScheduleApi.MaxPeriodDays} days later.");

        var known = centre.Agents.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var plans = new Dictionary<(string, DateOnly), DayPlan>();
        for (var i = 0; i < (Days?.Count ?? 0); i++)
            ReadDay(Days![i], $"days[{i}]", known, calendar, plans, errors);
        for (var i = 0; i < (Shifts?.Count ?? 0); i++)
            ReadShift(Shifts![i], $"shifts[{i}]", known, calendar, plans, errors);

        foreach (var plan in plans.Values)
        {
            plan.Order();
            foreach (var overlap in DayPlanRules.OverlapsWithin(plan))
                errors.Add(overlap.Later.Source, $"{overlap.Later.Source} overlaps {overlap.Earlier.Source}.");
            if (!DayPlanRules.StartsOnItsDate(plan, calendar))
                errors.Add($"{plan.Activities[0].Source}.start", $"{plan.Activities[0].Source} must start on {plan.Date:yyyy-MM-dd} ({calendar.Zone.Id}).");
            if (!DayPlanRules.SpansAtMostADay(plan))
                errors.Add(plan.Source, $"{plan.Source}: a day's activities span at most 24 hours.");
        }

        if (From is { } first && To is { } last)
        {
            foreach (var plan in plans.Values.Where(p => p.Date < first || p.Date > last))
                errors.Add(plan.Source, $"{plan.Source}: {plan.Date:yyyy-MM-dd} is outside from..to.");
            foreach (var agent in plans.Keys.Select(k => k.Item1).Distinct().ToList())
                for (var day = first; day <= last; day = day.AddDays(1))
                    plans.TryAdd((agent, day), new DayPlan(agent, day, true, "from"));
        }
        return errors.Count > 0 ? null : [.. plans.Values];
    }

    private static void ReadDay(AgentDayDto? d, string f, HashSet<string> known, CentreCalendar calendar, Dictionary<(string, DateOnly), DayPlan> plans,
        ValidationErrors errors)
    {
        if (d is null) { errors.Add(f, $"{f} must be an object."); return; }
        var agentOk = Agent(d.AgentId, known, $"{f}.agentId", errors);
        if (d.Date is null) errors.Add($"{f}.date", $"{f}.date is required (yyyy-MM-dd).");
        var activities = d.Activities ?? [];
        if (d.DayOff == true && activities.Count > 0) errors.Add($"{f}.activities", $"{f}: a day off has no activities.");
        if (d.DayOff != true && activities.Count == 0) errors.Add($"{f}.activities", $"{f}.activities is required unless dayOff is true.");
        if (activities.Count > PublishedScheduleApi.MaxActivitiesPerDay) { errors.Add($"{f}.activities", $"{f}.activities: at most {PublishedScheduleApi.MaxActivitiesPerDay}."); return; }
        if (!agentOk || d.Date is null) return;
        if (plans.ContainsKey((d.AgentId!, d.Date.Value)))
        {
            errors.Add(f, $"{f}: {d.AgentId} on {d.Date:yyyy-MM-dd} is given twice.");
            return;
        }
        var plan = plans[(d.AgentId!, d.Date.Value)] = new DayPlan(d.AgentId!, d.Date.Value, d.DayOff == true, f);
        for (var j = 0; j < activities.Count; j++)
        {
            var af = $"{f}.activities[{j}]";
            if (activities[j] is not { } a) { errors.Add(af, $"{af} must be an object."); continue; }
            // Enum.TryParse also takes "3": only names are kinds.
            ActivityKind? kind = a.Kind is { } k && Enum.TryParse<ActivityKind>(k, ignoreCase: true, out var parsed) && !int.TryParse(k, out _)
                ? parsed : null;
            if (kind is null) errors.Add($"{af}.kind", $"{af}.kind must be work, break, lunch, training or meeting.");
            var start = FieldRules.Instant(a.Start, $"{af}.start", calendar, errors);
            var end = FieldRules.Instant(a.End, $"{af}.end", calendar, errors);
            if (kind is null || start is null || end is null) continue;
            if (end <= start) { errors.Add($"{af}.end", $"{af}.end must be after its start."); continue; }
            plan.Activities.Add(new PlannedActivity(new ScheduledActivity(kind.Value, start.Value, end.Value), af));
        }
    }

    private static void ReadShift(PublishedShiftDto? s, string f, HashSet<string> known, CentreCalendar calendar,
        Dictionary<(string, DateOnly), DayPlan> plans, ValidationErrors errors)
    {
        var before = errors.Count;
        if (s is null) { errors.Add(f, $"{f} must be an object."); return; }
        var agentOk = Agent(s.AgentId, known, $"{f}.agentId", errors);
        var start = FieldRules.Instant(s.Start, $"{f}.start", calendar, errors);
        var end = FieldRules.Instant(s.End, $"{f}.end", calendar, errors);
        if (start is not null && end is not null && end <= start) { errors.Add($"{f}.end", $"{f}.end must be after its start."); return; }
        var pauses = new List<PlannedActivity>();
        foreach (var (range, kind, name) in new[] { (s.Break, ActivityKind.Break, "break"), (s.Lunch, ActivityKind.Lunch, "lunch") })
        {
            if (range is null) continue;
            var from = FieldRules.Instant(range.From, $"{f}.{name}.from", calendar, errors);
            var to = FieldRules.Instant(range.To, $"{f}.{name}.to", calendar, errors);
            if (from is null || to is null || start is null || end is null) continue;
            if (to <= from || from < start || to > end)
                errors.Add($"{f}.{name}", $"{f}.{name} must end after it starts and lie within the shift.");
            else
                pauses.Add(new PlannedActivity(new ScheduledActivity(kind, from.Value, to.Value), $"{f}.{name}"));
        }
        if (pauses.Count == 2 && pauses[0].Activity.Start < pauses[1].Activity.End && pauses[1].Activity.Start < pauses[0].Activity.End)
            errors.Add($"{f}.lunch", $"{f}.lunch overlaps {f}.break.");
        if (!agentOk || start is null || end is null || errors.Count > before) return;

        var date = calendar.DateOf(start.Value);
        if (!plans.TryGetValue((s.AgentId!, date), out var plan))
            plan = plans[(s.AgentId!, date)] = new DayPlan(s.AgentId!, date, false, f);
        else if (plan.DayOff)
        {
            errors.Add(f, $"{f}: {s.AgentId} has a day off on {date:yyyy-MM-dd} in this request.");
            return;
        }
        plan.Activities.AddRange(ShiftActivities.Cut(start.Value, end.Value, f, pauses));
    }

    private static bool Agent(string? agentId, HashSet<string> known, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(agentId)) { errors.Add(field, $"{field} is required."); return false; }
        if (!known.Contains(agentId)) { errors.Add(field, $"{field}: there is no agent '{agentId}' in the centre."); return false; }
        return true;
    }
}
