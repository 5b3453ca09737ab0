using System.Collections.Concurrent;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;

namespace CallCentre.Hosting.Calendars;

public enum DayKind
{
    Normal,
    Holiday,
    Closed,
    SpecialHours,
}

public enum HolidayRule
{
    /// <summary>Queues with opening hours are closed all day (the default).</summary>
    Closed,
    /// <summary>Queues open in their Saturday windows.</summary>
    LikeSaturday,
    /// <summary>Queues open as on any other such weekday.</summary>
    Open,
}

/// <summary><paramref name="OpensLike"/>: the weekday whose weekly windows apply, null when they do not (docs/calendars.md).</summary>
public sealed record CalendarDay(DateOnly Date, DayKind Kind, string? Label, DayOfWeek? OpensLike, IReadOnlyList<CalendarHours> SpecialHours)
{
    public bool IsClosedAllDay => OpensLike is null && SpecialHours.Count == 0;
}

/// <summary>docs/calendars.md. Immutable; dates are local to the tenant's zone.</summary>
public sealed class TenantCalendar
{
    private readonly Dictionary<DateOnly, CalendarException> _exceptions;
    private readonly ConcurrentDictionary<int, Dictionary<DateOnly, string>> _holidayLabels = new();

    public TenantCalendar(TenantCalendarConfiguration configuration, string language = "en")
    {
        Configuration = configuration;
        Language = language;
        Rule = Enum.TryParse<HolidayRule>(configuration.HolidayRule, ignoreCase: true, out var rule) ? rule : HolidayRule.Closed;
        _exceptions = configuration.Exceptions.ToDictionary(e => e.Date);
    }

    public static readonly TenantCalendar None = new(TenantCalendarConfiguration.None);

    public TenantCalendarConfiguration Configuration { get; }
    public string Language { get; }
    public HolidayRule Rule { get; }

    public static TenantCalendar Of(TenantDefinition tenant) =>
        tenant.Calendar is { } calendar ? new TenantCalendar(calendar, tenant.Language) : None;

    /// <summary>A public holiday in one of the tenant's countries, whatever the exceptions say.</summary>
    public bool IsHoliday(DateOnly date) => HolidayLabels(date.Year).ContainsKey(date);

    /// <summary>The day as routing and forecasting see it: an exception wins over a holiday, a holiday over the week.</summary>
    public CalendarDay Day(DateOnly date)
    {
        if (_exceptions.TryGetValue(date, out var exception))
            return exception.Hours.Count == 0
                ? new CalendarDay(date, DayKind.Closed, exception.Label, null, [])
                : new CalendarDay(date, DayKind.SpecialHours, exception.Label, null, exception.Hours);
        if (HolidayLabels(date.Year).TryGetValue(date, out var label))
        {
            DayOfWeek? like = Rule switch
            {
                HolidayRule.LikeSaturday => DayOfWeek.Saturday,
                HolidayRule.Open => date.DayOfWeek,
                _ => null,
            };
            return new CalendarDay(date, DayKind.Holiday, label, like, []);
        }
        return new CalendarDay(date, DayKind.Normal, null, date.DayOfWeek, []);
    }

    public DayKind KindOf(DateOnly date) => Day(date).Kind;

    public IReadOnlyList<PublicHolidayEntry> HolidaysIn(int year) =>
        Configuration.Countries.SelectMany(c => PublicHolidays.In(c, year)).OrderBy(h => h.Date).ThenBy(h => h.Country, StringComparer.Ordinal).ToList();

    public IReadOnlyList<CalendarException> ExceptionsIn(int year) =>
        Configuration.Exceptions.Where(e => e.Date.Year == year).OrderBy(e => e.Date).ToList();

    private Dictionary<DateOnly, string> HolidayLabels(int year) =>
        _holidayLabels.GetOrAdd(year, y => HolidaysIn(y).GroupBy(h => h.Date)
            .ToDictionary(g => g.Key, g => string.Join(" / ", g.Select(h => h.Name(Language)).Distinct())));
}
