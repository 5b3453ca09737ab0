using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Counting;

public enum Granularity { Interval, Day, Month }

/// <summary>The UTC offset tells the two 02:00 intervals of an autumn daylight-saving day apart.</summary>
public sealed record ReportPeriod(DateTimeOffset Start, DateTimeOffset End, string LocalStart, string UtcOffset)
{
    public double LengthMinutes => (End - Start).TotalMinutes;
}

public sealed class ReportingCalendar
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");
    private static readonly OffsetPattern OffsetText = OffsetPattern.CreateWithInvariantCulture("+HH:mm");
    private readonly DateTimeZone _zone;

    public ReportingCalendar(DateTimeZone zone) => _zone = zone;

    public ReportingCalendar(string timeZoneId) : this(DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId)
        ?? throw new ArgumentException($"Unknown time zone '{timeZoneId}'.", nameof(timeZoneId))) { }

    public DateTimeZone Zone => _zone;

    public static bool IsKnownZone(string timeZoneId) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is not null;

    public LocalDate DateOf(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(_zone).Date;

    public DateTimeOffset StartOfDay(LocalDate date) => _zone.AtStartOfDay(date).ToDateTimeOffset();

    public (DateTimeOffset From, DateTimeOffset To) Range(LocalDate from, LocalDate toInclusive) =>
        (StartOfDay(from), StartOfDay(toInclusive.PlusDays(1)));

    public ReportPeriod PeriodOf(DateTimeOffset instant, Granularity granularity, int intervalMinutes = 30)
    {
        var zoned = Instant.FromDateTimeOffset(instant).InZone(_zone);
        switch (granularity)
        {
            case Granularity.Interval:
            {
                if (intervalMinutes is not (15 or 30))
                    throw new ArgumentOutOfRangeException(nameof(intervalMinutes), "Intervals are 15 or 30 minutes.");
                var local = zoned.LocalDateTime;
                var minuteOfDay = local.Hour * 60 + local.Minute;
                var floored = minuteOfDay - minuteOfDay % intervalMinutes;
                var localStart = local.Date + new LocalTime(floored / 60, floored % 60);
                // The offset in force at the instant itself: the repeated autumn hour gives two distinct intervals.
                var start = new OffsetDateTime(localStart, zoned.Offset).ToInstant();
                var end = start + Duration.FromMinutes(intervalMinutes);
                return Period(start, end);
            }
            case Granularity.Day:
                return Period(_zone.AtStartOfDay(zoned.Date).ToInstant(), _zone.AtStartOfDay(zoned.Date.PlusDays(1)).ToInstant());
            case Granularity.Month:
            {
                var first = new LocalDate(zoned.Year, zoned.Month, 1);
                return Period(_zone.AtStartOfDay(first).ToInstant(), _zone.AtStartOfDay(first.PlusMonths(1)).ToInstant());
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(granularity));
        }
    }

    public IEnumerable<ReportPeriod> Periods(DateTimeOffset from, DateTimeOffset to, Granularity granularity, int intervalMinutes = 30)
    {
        var at = from;
        while (at < to)
        {
            var period = PeriodOf(at, granularity, intervalMinutes);
            var clipped = period.Start < from || period.End > to
                ? Period(Instant.FromDateTimeOffset(period.Start < from ? from : period.Start),
                    Instant.FromDateTimeOffset(period.End > to ? to : period.End))
                : period;
            yield return clipped;
            at = period.End;
        }
    }

    public ReportPeriod Describe(DateTimeOffset start, DateTimeOffset end) =>
        Period(Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(end));

    private ReportPeriod Period(Instant start, Instant end)
    {
        var zoned = start.InZone(_zone);
        return new ReportPeriod(start.ToDateTimeOffset(), end.ToDateTimeOffset(), LocalPattern.Format(zoned.LocalDateTime),
            OffsetText.Format(zoned.Offset));
    }
}
