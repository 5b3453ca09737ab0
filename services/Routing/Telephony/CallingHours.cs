using System.Globalization;
using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Telephony;

/// <summary>When a client company's customers may be called back: a window in the customer's zone, inside the tenant's calling
/// hours, on a day that is not a public holiday (docs/routing.md, Scheduled callbacks).</summary>
public static class CallingHours
{
    public static IReadOnlyList<OpeningWindowConfiguration> French { get; } =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.SelectMany(d =>
            new[] { new OpeningWindowConfiguration(d, new TimeOnly(10, 0), new TimeOnly(13, 0)),
                    new OpeningWindowConfiguration(d, new TimeOnly(14, 0), new TimeOnly(20, 0)) }),
    ];

    private static readonly string[] LocalFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    public sealed record Window(DateTimeOffset Start, DateTimeOffset End);

    /// <summary>The window as instants, or the errors naming <c>timeZone</c>, <c>windowStart</c> or <c>windowEnd</c>.</summary>
    public static (Window? Window, Dictionary<string, string[]> Errors) Check(string? timeZone, string? windowStart, string? windowEnd,
        IReadOnlyList<OpeningWindowConfiguration> hours, Func<DateOnly, bool> isHoliday, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone))
            errors["timeZone"] = ["The customer's time zone is an IANA name, e.g. Europe/Paris."];
        var start = Local(windowStart, "windowStart", zone, errors);
        var end = Local(windowEnd, "windowEnd", zone, errors);
        if (errors.Count > 0 || zone is null || start is not { } s || end is not { } e)
            return (null, errors);
        if (e <= s)
            errors["windowEnd"] = ["The window ends after it starts."];
        else if (s.Date != e.Date && e.TimeOfDay != TimeSpan.Zero)
            errors["windowEnd"] = ["The window lies within one day."];
        var at = new DateTimeOffset(s, zone.GetUtcOffset(s));
        if (errors.Count == 0 && at <= now)
            errors["windowStart"] = ["The window starts in the future."];
        if (errors.Count == 0 && isHoliday(DateOnly.FromDateTime(s)))
            errors["windowStart"] = [$"{s:yyyy-MM-dd} is a public holiday: no calls then."];
        if (errors.Count == 0 && !hours.Any(w => w.Day == s.DayOfWeek && TimeOnly.FromDateTime(s) >= w.From && TimeOnly.FromDateTime(e) <= w.To &&
                                                 e.Date == s.Date))
            errors["windowStart"] = [$"The window is outside the client company's calling hours ({Describe(hours)})."];
        return errors.Count > 0 ? (null, errors) : (new Window(at, new DateTimeOffset(e, zone.GetUtcOffset(e))), errors);
    }

    private static DateTime? Local(string? text, string field, TimeZoneInfo? zone, Dictionary<string, string[]> errors)
    {
        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors[field] = ["A local date and time in the customer's zone, without offset: yyyy-MM-ddTHH:mm."];
            return null;
        }
        if (zone is not null && zone.IsInvalidTime(local))
        {
            errors[field] = ["That time does not exist in the customer's zone (the clocks go forward)."];
            return null;
        }
        return local;
    }

    private static string Describe(IReadOnlyList<OpeningWindowConfiguration> hours) =>
        string.Join(", ", hours.GroupBy(w => w.Day).Select(g => $"{g.Key}: {string.Join(" and ", g.Select(w => $"{w.From:HH\\:mm}-{w.To:HH\\:mm}"))}"));
}
