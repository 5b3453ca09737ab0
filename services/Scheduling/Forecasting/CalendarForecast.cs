using CallCentre.Hosting.Calendars;

namespace CallCentre.Scheduling.Forecasting;

public static class CalendarForecast
{
    /// <summary>Holidays and dated exceptions in [from, to], and <paramref name="also"/>: days not to learn from.</summary>
    public static HashSet<DateOnly> DaysNotToLearn(TenantCalendar calendar, DateOnly from, DateOnly to, IEnumerable<DateOnly>? also = null)
    {
        var days = new HashSet<DateOnly>(also ?? []);
        for (var day = from; day <= to; day = day.AddDays(1))
            if (calendar.KindOf(day) != DayKind.Normal)
                days.Add(day);
        return days;
    }

    public static HashSet<DateOnly> ClosedDays(TenantCalendar calendar, DateOnly from, DateOnly to)
    {
        var days = new HashSet<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
            if (calendar.Day(day).IsClosedAllDay)
                days.Add(day);
        return days;
    }

    public static Dictionary<DateOnly, DayOfWeek> DaysLike(TenantCalendar calendar, DateOnly from, DateOnly to)
    {
        var days = new Dictionary<DateOnly, DayOfWeek>();
        for (var day = from; day <= to; day = day.AddDays(1))
            if (calendar.Day(day).OpensLike is { } like && like != day.DayOfWeek)
                days[day] = like;
        return days;
    }

    /// <summary>A closed day expects no calls, a day of special hours none outside them; other days as forecast.</summary>
    public static IntervalCount Expected(TenantCalendar calendar, IntervalCount point, int widthMinutes)
    {
        var day = calendar.Day(DateOnly.FromDateTime(point.Start));
        if (day.OpensLike is not null)
            return point;
        var from = TimeOnly.FromDateTime(point.Start);
        var open = day.SpecialHours.Any(h => h.From < from.AddMinutes(widthMinutes) && from < h.To);
        return open ? point : point with { Calls = 0 };
    }
}
