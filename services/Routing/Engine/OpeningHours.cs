using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;

namespace CallCentre.Routing.Engine;

/// <summary>A call outside goes to <paramref name="ClosedOverflowQueue"/> or is rejected; the tenant's calendar decides the day (docs/calendars.md).</summary>
internal sealed record OpeningHours(TimeZoneInfo Zone, IReadOnlyList<OpeningWindowConfiguration> Windows, string? ClosedOverflowQueue,
    TenantCalendarSlot Calendar)
{
    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var day = Calendar.Current.Day(DateOnly.FromDateTime(local));
        foreach (var h in day.SpecialHours)
            if (time >= h.From && time < h.To)
                return true;
        if (day.OpensLike is not { } weekday)
            return false;
        foreach (var w in Windows)
            if (w.Day == weekday && time >= w.From && time < w.To)
                return true;
        return false;
    }
}

/// <summary>Shared by the queues of one tenant, so a calendar change reaches them all at once.</summary>
internal sealed class TenantCalendarSlot
{
    public TenantCalendar Current { get; set; } = TenantCalendar.None;
}
