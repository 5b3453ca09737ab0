namespace CallCentre.Scheduling.Adherence;

/// <summary>An actual state held over [<see cref="Start"/>, <see cref="End"/>).</summary>
public sealed record StateStretch(DateTimeOffset Start, DateTimeOffset End, string State, string? Reason);

/// <summary>The centre's figures for a day: minutes summed over its agents, then divided; null with nothing (or no work) elapsed.</summary>
public sealed record CentreAdherence(double? Adherence, double? Conformance);

/// <summary>How a day's adherence is read: which state history it needs, the agent's actual states as stretches, the centre's
/// figures. Pure.</summary>
public static class AdherenceReading
{
    /// <summary>The state changes a day's figures need, [From, To): the day's activities start on it and span at most 24 hours, so
    /// its window lies in [its midnight, two midnights later); today it also reaches back <see cref="AdherenceEngine.StatusLookBack"/>
    /// for the current status, and stops just after now.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) HistoryWindow(DateOnly date, CentreCalendar calendar, DateTimeOffset now)
    {
        var from = calendar.DayStart(date);
        if (calendar.DateOf(now) == date && now - AdherenceEngine.StatusLookBack < from) from = now - AdherenceEngine.StatusLookBack;
        var to = calendar.DayStart(date.AddDays(2));
        if (now.AddMilliseconds(1) < to) to = now.AddMilliseconds(1);
        return (from, to);
    }

    /// <summary>The actual states of a timeline, adjacent segments in the same state and reason joined into one stretch.</summary>
    public static IReadOnlyList<StateStretch> ActualStates(IEnumerable<AdherenceSegment> timeline)
    {
        var stretches = new List<StateStretch>();
        foreach (var segment in timeline)
        {
            if (stretches.Count > 0 && stretches[^1] is var last && last.End == segment.Start && last.State == segment.State && last.Reason == segment.Reason)
                stretches[^1] = last with { End = segment.End };
            else
                stretches.Add(new StateStretch(segment.Start, segment.End, segment.State, segment.Reason));
        }
        return stretches;
    }

    /// <summary>Adherence (in-adherence over elapsed scheduled minutes) and conformance (on-phone over elapsed work minutes) of the
    /// agents' <paramref name="days"/> together.</summary>
    public static CentreAdherence Centre(IReadOnlyCollection<DayAdherence> days)
    {
        double elapsed = days.Sum(d => d.ElapsedScheduledMinutes), work = days.Sum(d => d.ElapsedScheduledWorkMinutes);
        return new CentreAdherence(elapsed > 0 ? days.Sum(d => d.InAdherenceMinutes) / elapsed : null,
            work > 0 ? days.Sum(d => d.OnPhoneMinutes) / work : null);
    }
}
