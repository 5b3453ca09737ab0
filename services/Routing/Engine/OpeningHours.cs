using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;

namespace CallCentre.Routing.Engine;

/// <summary>A call outside goes to <paramref name="ClosedOverflowQueue"/> or is rejected; the tenant's calendar decides the day (docs/calendars.md).</summary>
internal sealed record OpeningHours(TimeZoneInfo Zone, IReadOnlyList<OpeningWindowConfiguration> Windows, string? ClosedOverflowQueue,
    TenantCalendarSlot Calendar)
{
    public bool IsOpen(DateTimeOffset at) => BusinessHours.IsOpen(Zone, Windows, Calendar.Current, at);
}

/// <summary>Shared by the queues of one tenant, so a calendar change reaches them all at once.</summary>
internal sealed class TenantCalendarSlot
{
    public TenantCalendar Current { get; set; } = TenantCalendar.None;
}
