namespace CallCentre.Scheduling.Adherence;

/// <summary>Days and wall-clock times in the centre's time zone (<c>Centre:TimeZone</c>, see <see cref="Hosting.Centre.CentreTimeZone"/>).
/// A day runs from one local midnight to the next: 23 or 25 hours on a daylight-saving change.</summary>
public sealed class CentreCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public static CentreCalendar For(string timeZoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    /// <summary>The local date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant with the zone's offset at that instant.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>The first instant of <paramref name="date"/>: its local midnight, or the first valid time after it where a clock
    /// change skips midnight.</summary>
    public DateTimeOffset DayStart(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return ToInstant(local)!.Value;
    }

    /// <summary>A local wall-clock time as an instant: null when the clock skips it (spring forward); the first of the two
    /// when it happens twice (fall back).</summary>
    public DateTimeOffset? ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return null;
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
