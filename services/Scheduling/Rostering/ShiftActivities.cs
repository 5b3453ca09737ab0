using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Rostering;

public static class ShiftActivities
{
    /// <summary>Work around the pauses; together they cover [start, end) exactly.</summary>
    /// <exception cref="ArgumentException">A pause ends before it starts, lies outside the shift, or overlaps another.</exception>
    public static IReadOnlyList<PlannedActivity> Cut(DateTimeOffset start, DateTimeOffset end, string source, IEnumerable<PlannedActivity> pauses)
    {
        if (end <= start) throw new ArgumentException("A shift ends after it starts.", nameof(end));
        var activities = new List<PlannedActivity>();
        var at = start;
        foreach (var pause in pauses.OrderBy(p => p.Activity.Start))
        {
            var (from, to) = (pause.Activity.Start, pause.Activity.End);
            if (to <= from || from < at || to > end)
                throw new ArgumentException($"{pause.Source} must lie within the shift, after the previous pause.", nameof(pauses));
            if (from > at) activities.Add(new PlannedActivity(new ScheduledActivity(ActivityKind.Work, at, from), source));
            activities.Add(pause);
            at = to;
        }
        if (end > at) activities.Add(new PlannedActivity(new ScheduledActivity(ActivityKind.Work, at, end), source));
        return activities;
    }
}
