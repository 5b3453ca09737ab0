namespace CallCentre.Scheduling.Adherence;

/// <summary>A day runs from one local midnight to the next: 23 or 25 hours on a clock change.</summary>
public sealed class CentreCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public static CentreCalendar For(string timeZoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>Local midnight, or the first valid time after it where a clock change skips midnight.</summary>
    public DateTimeOffset DayStart(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return ToInstant(local)!.Value;
    }

    /// <summary>Null when the clock skips it; the first of the two when it happens twice.</summary>
    public DateTimeOffset? ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return null;
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
