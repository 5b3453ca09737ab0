namespace CallCentre.Scheduling.Forecasting;

/// <summary>A queue's opening hours as a week of windows: <see cref="To"/> before or equal to <see cref="From"/> never occurs.</summary>
public readonly record struct OpeningWindow(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>The local days and times a queue forecast reads: which intervals the queue is open, which days it learns from, and
/// the instants of its local wall-clock times. Pure.</summary>
public static class QueueCalendar
{
    /// <summary>Whether any part of [<paramref name="start"/>, start + <paramref name="widthMinutes"/>) lies in the weekly
    /// <paramref name="openingHours"/>; a queue without opening hours is always open.</summary>
    public static bool IsOpen(IReadOnlyList<OpeningWindow> openingHours, DateTime start, int widthMinutes)
    {
        if (openingHours.Count == 0) return true;
        var from = TimeOnly.FromDateTime(start);
        var to = from.AddMinutes(widthMinutes);
        var lastOfDay = to <= from;   // the day's last interval ends at midnight
        foreach (var w in openingHours)
            if (w.Day == start.DayOfWeek && w.From < (lastOfDay ? TimeOnly.MaxValue : to) && from < w.To)
                return true;
        return false;
    }

    /// <summary>The days a forecast from <paramref name="firstForecastDay"/> learns from: the <paramref name="historyDays"/> days
    /// before it, starting no earlier than the day of the first recorded call.</summary>
    public static (DateOnly From, DateOnly To) HistoryWindow(DateOnly firstForecastDay, int historyDays, DateOnly? firstRecordedDay)
    {
        var from = firstForecastDay.AddDays(-historyDays);
        if (firstRecordedDay is { } since && since > from) from = since;
        return (from, firstForecastDay.AddDays(-1));
    }

    /// <summary>The instant of a local time: a repeated (ambiguous) time is its first pass, a skipped one is read an hour later,
    /// after the jump.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }

    /// <summary>The local date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
