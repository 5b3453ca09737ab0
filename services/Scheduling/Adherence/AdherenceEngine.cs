namespace CallCentre.Scheduling.Adherence;

/// <summary>A stretch of time in which the schedule's expectation, the agent's state and the day it counts toward do not change.</summary>
/// <param name="Date">The day the stretch counts toward: the day of the activity covering it, else its local calendar day.</param>
public sealed record AdherenceSegment(DateTimeOffset Start, DateTimeOffset End, DateOnly Date, Expectation Expected, string State, string? Reason,
    bool? InAdherence)
{
    public TimeSpan Length => End - Start;
}

/// <summary>An agent's adherence and conformance for one day up to <see cref="Until"/> (docs/adherence.md, Definitions).</summary>
public sealed record DayAdherence(
    string AgentId,
    DateOnly Date,
    bool Scheduled,
    bool DayOff,
    DateTimeOffset Until,
    double ScheduledMinutes,
    double ScheduledWorkMinutes,
    double ElapsedScheduledMinutes,
    double ElapsedScheduledWorkMinutes,
    double InAdherenceMinutes,
    double OutOfAdherenceMinutes,
    double LoggedInOutsideScheduleMinutes,
    double OnPhoneMinutes,
    double? Adherence,
    double? Conformance,
    IReadOnlyList<AdherenceSegment> Timeline);

/// <summary>Where an agent stands at <see cref="At"/>: expectation, state, and since when it has been in (or out of) adherence.</summary>
public sealed record AdherenceStatus(DateTimeOffset At, DateOnly Date, Expectation Expected, string State, string? Reason, bool? InAdherence,
    DateTimeOffset Since)
{
    public TimeSpan For => At - Since;
}

/// <summary>Real-time adherence, pure: "now" is an argument (docs/adherence.md).</summary>
public static class AdherenceEngine
{
    public static readonly TimeSpan StatusLookBack = TimeSpan.FromHours(12);

    /// <summary><paramref name="history"/> in any order, duplicates allowed, from the last change before <paramref name="from"/>; ties apply in list order.</summary>
    public static IReadOnlyList<AdherenceSegment> Timeline(IReadOnlyList<AgentDay> days, IReadOnlyList<StateChange> history, CentreCalendar calendar,
        DateTimeOffset from, DateTimeOffset to)
    {
        var segments = new List<AdherenceSegment>();
        if (to <= from)
            return segments;

        var activities = days.SelectMany(d => d.Activities.Select(a => (Activity: a, d.Date)))
            .Where(a => a.Activity.End > from && a.Activity.Start < to)
            .OrderBy(a => a.Activity.Start).ToList();
        var scheduledDates = days.Select(d => d.Date).ToHashSet();
        var changes = history.OrderBy(c => c.At).ToList(); // stable: ties keep their order

        var cuts = new SortedSet<DateTimeOffset> { from, to };
        foreach (var (a, _) in activities)
        {
            if (a.Start > from && a.Start < to) cuts.Add(a.Start);
            if (a.End > from && a.End < to) cuts.Add(a.End);
        }
        foreach (var c in changes)
            if (c.At > from && c.At < to) cuts.Add(c.At);
        for (var date = calendar.DateOf(from); ; date = date.AddDays(1))
        {
            var midnight = calendar.DayStart(date.AddDays(1));
            if (midnight >= to) break;
            if (midnight > from) cuts.Add(midnight);
        }

        var state = AgentStates.LoggedOut;
        string? reason = null;
        var nextChange = 0;
        var nextActivity = 0;
        DateTimeOffset? start = null;
        foreach (var cut in cuts)
        {
            if (start is { } s)
            {
                while (nextChange < changes.Count && changes[nextChange].At <= s)
                {
                    state = changes[nextChange].State;
                    reason = changes[nextChange].Reason;
                    nextChange++;
                }
                while (nextActivity < activities.Count && activities[nextActivity].Activity.End <= s)
                    nextActivity++;
                var covering = nextActivity < activities.Count && activities[nextActivity].Activity.Start <= s ? activities[nextActivity] : default;
                var date = covering.Activity is not null ? covering.Date : calendar.DateOf(s);
                var expected = covering.Activity is { } a ? AgentStates.Of(a.Kind) : scheduledDates.Contains(date) ? Expectation.Off : Expectation.Unscheduled;
                var reasonShown = state == AgentStates.NotReady ? reason : null;
                var segment = new AdherenceSegment(s, cut, date, expected, state, reasonShown, AgentStates.Adheres(expected, state, reason));
                if (segments.Count > 0 && segments[^1] is var last && last.End == s && last with { Start = s, End = cut } == segment)
                    segments[^1] = last with { End = cut };
                else
                    segments.Add(segment);
            }
            start = cut;
        }
        return segments;
    }

    /// <summary>Time covered by another day's activity counts toward that day.</summary>
    public static DayAdherence Day(string agentId, DateOnly date, IReadOnlyList<AgentDay> days, IReadOnlyList<StateChange> history,
        CentreCalendar calendar, DateTimeOffset now)
    {
        var day = days.FirstOrDefault(d => d.Date == date);
        var activities = day?.Activities ?? [];
        var windowStart = calendar.DayStart(date);
        var windowEnd = calendar.DayStart(date.AddDays(1));
        foreach (var a in activities)
        {
            if (a.Start < windowStart) windowStart = a.Start;
            if (a.End > windowEnd) windowEnd = a.End;
        }
        var until = now < windowEnd ? now : windowEnd;
        var timeline = Timeline(days, history, calendar, windowStart, until).Where(s => s.Date == date).ToList();

        double elapsed = 0, elapsedWork = 0, inAdherence = 0, outOfAdherence = 0, outside = 0, onPhone = 0;
        foreach (var s in timeline)
        {
            var minutes = s.Length.TotalMinutes;
            if (AgentStates.IsOnPhone(s.State)) onPhone += minutes;
            if (s.Expected == Expectation.Off)
            {
                if (s.State != AgentStates.LoggedOut) outside += minutes;
                continue;
            }
            if (s.Expected == Expectation.Unscheduled) continue;
            elapsed += minutes;
            if (s.Expected == Expectation.Work) elapsedWork += minutes;
            if (s.InAdherence == true) inAdherence += minutes; else outOfAdherence += minutes;
        }
        return new DayAdherence(agentId, date, day is not null, day?.DayOff ?? false, until < windowStart ? windowStart : until,
            activities.Sum(a => a.Length.TotalMinutes), activities.Where(a => a.Kind == ActivityKind.Work).Sum(a => a.Length.TotalMinutes),
            elapsed, elapsedWork, inAdherence, outOfAdherence, outside, onPhone,
            elapsed > 0 ? inAdherence / elapsed : null, elapsedWork > 0 ? onPhone / elapsedWork : null, timeline);
    }

    /// <summary>The agent's status at <paramref name="now"/>: a state change at exactly <paramref name="now"/> counts.</summary>
    public static AdherenceStatus Status(IReadOnlyList<AgentDay> days, IReadOnlyList<StateChange> history, CentreCalendar calendar, DateTimeOffset now,
        TimeSpan? lookBack = null)
    {
        var from = now - (lookBack ?? StatusLookBack);
        var at = now.AddTicks(1);
        var segments = Timeline(days, history, calendar, from, at);
        var current = segments[^1];
        var since = current.Start;
        for (var i = segments.Count - 2; i >= 0 && segments[i].InAdherence == current.InAdherence && segments[i].End == since; i--)
            since = segments[i].Start;
        return new AdherenceStatus(now, current.Date, current.Expected, current.State, current.Reason, current.InAdherence, since);
    }
}
