using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Calendars;

/// <summary>Weekly windows in a zone, reshaped day by day by a tenant's calendar (docs/calendars.md).</summary>
public sealed record BusinessHours(TimeZoneInfo Zone, IReadOnlyList<OpeningWindowConfiguration> Windows, TenantCalendar Calendar)
{
    public static IReadOnlyList<OpeningWindowConfiguration> Office { get; } =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningWindowConfiguration(d, new TimeOnly(9, 0), new TimeOnly(18, 0))),
    ];

    public static BusinessHours Of(Centre.TenantDefinition tenant) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone), tenant.BusinessHours ?? Office, TenantCalendar.Of(tenant));

    public bool IsOpen(DateTimeOffset at) => IsOpen(Zone, Windows, Calendar, at);

    public static bool IsOpen(TimeZoneInfo zone, IReadOnlyList<OpeningWindowConfiguration> windows, TenantCalendar calendar, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        foreach (var (from, to) in WindowsOn(windows, calendar, DateOnly.FromDateTime(local)))
            if (time >= from && time < to)
                return true;
        return false;
    }

    public long OpenMilliseconds(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return 0;
        long total = 0;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, Zone).DateTime);
        for (; day <= last; day = day.AddDays(1))
        {
            foreach (var (open, close) in WindowsOn(Windows, Calendar, day))
            {
                var start = Max(Instant(day, open), from);
                var end = Min(Instant(day, close), to);
                if (end > start)
                    total += end.ToUnixTimeMilliseconds() - start.ToUnixTimeMilliseconds();
            }
        }
        return total;
    }

    private static IEnumerable<(TimeOnly From, TimeOnly To)> WindowsOn(IReadOnlyList<OpeningWindowConfiguration> windows,
        TenantCalendar calendar, DateOnly date)
    {
        var day = calendar.Day(date);
        foreach (var h in day.SpecialHours)
            yield return (h.From, h.To);
        if (day.OpensLike is not { } weekday)
            yield break;
        foreach (var w in windows)
            if (w.Day == weekday && w.To > w.From)
                yield return (w.From, w.To);
    }

    /// <summary>A local time the clocks skip is the end of the gap; a repeated one is its first occurrence.</summary>
    private DateTimeOffset Instant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
