using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace CallCentre.SlaTracking.Delivery;

public enum DeliveryFrequency { Daily, Weekly, Monthly }

/// <summary>A file attached to a delivery's e-mail; a new format is one more case here and in <see cref="DeliveryAttachments"/>.
/// <see cref="Pack"/>: the month's signed pack (zip), monthly schedules only.</summary>
public enum DeliveryAttachment { Xlsx, Html, Pdf, Pack }

/// <summary>A tenant's scheduled e-mail of its service-level report: when (a local time in the tenant's zone, every day, on a
/// weekday, or on a day of the month), to whom, with which files, in which language (null: the tenant's).</summary>
public sealed record DeliverySchedule(Guid Id, string TenantId, DeliveryFrequency Frequency, IsoDayOfWeek? Weekday, int? DayOfMonth,
    LocalTime Time, IReadOnlyList<string> Recipients, IReadOnlyList<DeliveryAttachment> Attachments, string? Language, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);

/// <summary>The report a delivery sends: the local dates [From, To] and their granularity; <see cref="Key"/> names the period in
/// the delivery log and in the claim that sends it once.</summary>
public sealed record DeliveryPeriod(LocalDate From, LocalDate To, Counting.Granularity Granularity)
{
    public string Key => From == To ? From.ToString("yyyy-MM-dd", null) : $"{From:yyyy-MM-dd}/{To:yyyy-MM-dd}";

    public static DeliveryPeriod FromKey(string key, DeliveryFrequency frequency)
    {
        var dates = key.Split('/').Select(d => LocalDatePattern.Iso.Parse(d).Value).ToArray();
        return new DeliveryPeriod(dates[0], dates[^1], frequency == DeliveryFrequency.Daily ? Counting.Granularity.Interval : Counting.Granularity.Day);
    }
}

/// <summary>When a schedule falls due, in its tenant's zone. A local time skipped by a DST change moves forward by the gap
/// (02:30 on the spring-forward night sends at 03:30); a repeated one sends at its first occurrence.</summary>
public static class DeliveryCalendar
{
    /// <summary>The latest due instant at or before <paramref name="now"/>, and the period it reports: the day before (daily),
    /// the seven days before (weekly), or the previous calendar month (monthly).</summary>
    public static (Instant Due, DeliveryPeriod Period) LatestDue(DeliverySchedule schedule, DateTimeZone zone, Instant now)
    {
        var today = now.InZone(zone).Date;
        var date = Candidate(schedule, today);
        if (At(date, schedule.Time, zone) > now)
            date = Candidate(schedule, Previous(schedule, date));
        return (At(date, schedule.Time, zone), PeriodFor(schedule.Frequency, date));
    }

    /// <summary>The first due instant after <paramref name="now"/>.</summary>
    public static Instant NextDue(DeliverySchedule schedule, DateTimeZone zone, Instant now)
    {
        var date = Candidate(schedule, now.InZone(zone).Date);
        while (At(date, schedule.Time, zone) <= now)
            date = Candidate(schedule, Following(schedule, date));
        return At(date, schedule.Time, zone);
    }

    public static DeliveryPeriod PeriodFor(DeliveryFrequency frequency, LocalDate due) => frequency switch
    {
        DeliveryFrequency.Daily => new DeliveryPeriod(due.PlusDays(-1), due.PlusDays(-1), Counting.Granularity.Interval),
        DeliveryFrequency.Weekly => new DeliveryPeriod(due.PlusDays(-7), due.PlusDays(-1), Counting.Granularity.Day),
        _ => new DeliveryPeriod(due.PlusMonths(-1).With(DateAdjusters.StartOfMonth), due.PlusMonths(-1).With(DateAdjusters.EndOfMonth),
            Counting.Granularity.Day),
    };

    /// <summary>The schedule's due date on or before <paramref name="date"/> (weekly: that week's weekday; monthly: that month's day,
    /// the last day in a shorter month).</summary>
    private static LocalDate Candidate(DeliverySchedule schedule, LocalDate date) => schedule.Frequency switch
    {
        DeliveryFrequency.Daily => date,
        DeliveryFrequency.Weekly => date.DayOfWeek == schedule.Weekday!.Value ? date : date.Previous(schedule.Weekday.Value),
        _ => DayOfMonth(date.Year, date.Month, schedule.DayOfMonth!.Value) is var d && d <= date
            ? d
            : DayOfMonth(date.PlusMonths(-1).Year, date.PlusMonths(-1).Month, schedule.DayOfMonth.Value),
    };

    private static LocalDate Previous(DeliverySchedule schedule, LocalDate due) => schedule.Frequency switch
    {
        DeliveryFrequency.Daily => due.PlusDays(-1),
        DeliveryFrequency.Weekly => due.PlusDays(-7),
        _ => DayOfMonth(due.PlusMonths(-1).Year, due.PlusMonths(-1).Month, schedule.DayOfMonth!.Value),
    };

    private static LocalDate Following(DeliverySchedule schedule, LocalDate due) => schedule.Frequency switch
    {
        DeliveryFrequency.Daily => due.PlusDays(1),
        DeliveryFrequency.Weekly => due.PlusDays(7),
        _ => DayOfMonth(due.PlusMonths(1).Year, due.PlusMonths(1).Month, schedule.DayOfMonth!.Value),
    };

    private static LocalDate DayOfMonth(int year, int month, int day) =>
        new(year, month, Math.Min(day, CalendarSystem.Iso.GetDaysInMonth(year, month)));

    private static Instant At(LocalDate date, LocalTime time, DateTimeZone zone) =>
        zone.ResolveLocal(date + time, Resolvers.LenientResolver).ToInstant();
}
