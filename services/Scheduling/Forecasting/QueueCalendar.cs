namespace CallCentre.Scheduling.Forecasting;

public readonly record struct OpeningWindow(DayOfWeek Day, TimeOnly From, TimeOnly To);

public static class QueueCalendar
{
    /// <summary>A queue without opening hours is always open.</summary>
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

    public static (DateOnly From, DateOnly To) HistoryWindow(DateOnly firstForecastDay, int historyDays, DateOnly? firstRecordedDay)
    {
        var from = firstForecastDay.AddDays(-historyDays);
        if (firstRecordedDay is { } since && since > from) from = since;
        return (from, firstForecastDay.AddDays(-1));
    }

    /// <summary>A repeated (ambiguous) time is its first pass, a skipped one is read an hour later.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }

    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
