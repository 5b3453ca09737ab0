namespace CallCentre.Scheduling.Adherence;

public sealed record StateStretch(DateTimeOffset Start, DateTimeOffset End, string State, string? Reason);

/// <summary>The centre's figures for a day: minutes summed over its agents, then divided; null with nothing (or no work) elapsed.</summary>
public sealed record CentreAdherence(double? Adherence, double? Conformance);

public static class AdherenceReading
{
    /// <summary>The day's activities span at most 24 hours from its start; today also looks back <see cref="AdherenceEngine.StatusLookBack"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) HistoryWindow(DateOnly date, CentreCalendar calendar, DateTimeOffset now)
    {
        var from = calendar.DayStart(date);
        if (calendar.DateOf(now) == date && now - AdherenceEngine.StatusLookBack < from) from = now - AdherenceEngine.StatusLookBack;
        var to = calendar.DayStart(date.AddDays(2));
        if (now.AddMilliseconds(1) < to) to = now.AddMilliseconds(1);
        return (from, to);
    }

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

    public static CentreAdherence Centre(IReadOnlyCollection<DayAdherence> days)
    {
        double elapsed = days.Sum(d => d.ElapsedScheduledMinutes), work = days.Sum(d => d.ElapsedScheduledWorkMinutes);
        return new CentreAdherence(elapsed > 0 ? days.Sum(d => d.InAdherenceMinutes) / elapsed : null,
            work > 0 ? days.Sum(d => d.OnPhoneMinutes) / work : null);
    }
}
