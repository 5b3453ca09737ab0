namespace CallCentre.Contracts.Routing;

/// <summary>A supervisor or administrator changed a tenant's calendar; <paramref name="Calendar"/> is the whole calendar.
/// Published by Routing, which stores the change first; every process applies it unless it already holds a calendar
/// change of that tenant with a higher <paramref name="Version"/> (delivery is unordered and may repeat).</summary>
public record TenantCalendarConfigured(long Version, string TenantId, TenantCalendarConfiguration Calendar, string ConfiguredBy,
    DateTimeOffset ConfiguredAt);

/// <summary>A tenant's calendar: whose public holidays apply and the dated exceptions, in the tenant's time zone.
/// <paramref name="Countries"/> are ISO 3166 codes (<c>FR</c>, <c>BE</c>, <c>MA</c>, <c>CH</c>) or a Swiss canton
/// (<c>CH-GE</c>); <paramref name="HolidayRule"/> says what a public holiday does to opening hours: <c>Closed</c> (the
/// default), <c>LikeSaturday</c> (Saturday's windows) or <c>Open</c> (the weekday's own windows).</summary>
public sealed record TenantCalendarConfiguration(IReadOnlyList<string> Countries, string HolidayRule, IReadOnlyList<CalendarException> Exceptions)
{
    public static readonly TenantCalendarConfiguration None = new([], "Closed", []);
}

/// <summary>One dated day that differs from the week: closed all day when <paramref name="Hours"/> is empty, else open in
/// those windows only (e.g. 24 December 09:00–13:00). It wins over a public holiday on the same date.</summary>
public sealed record CalendarException(DateOnly Date, string Label, IReadOnlyList<CalendarHours> Hours);

/// <summary>A window of a special-hours day, in the tenant's time zone; <paramref name="To"/> exclusive.</summary>
public sealed record CalendarHours(TimeOnly From, TimeOnly To);
