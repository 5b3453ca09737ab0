using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Delivery;
using NodaTime;

namespace CallCentre.SlaTracking.Tests.Delivery;

public sealed class DeliveryCalendarTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static DeliverySchedule Schedule(DeliveryFrequency frequency, string time, IsoDayOfWeek? weekday = null, int? day = null) =>
        new(Guid.NewGuid(), "lumiere-bank", frequency, weekday, day, NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(time).Value,
            ["ops@lumiere.example"], [DeliveryAttachment.Html], null, "test", DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    private static Instant At(int y, int mo, int d, int h, int mi) => Instant.FromUtc(y, mo, d, h, mi);

    [Fact]
    public void Daily_AtALocalTimeTheSpringChangeSkips_SendsAnHourLater()
    {
        var (due, period) = DeliveryCalendar.LatestDue(Schedule(DeliveryFrequency.Daily, "02:30"), Paris, At(2027, 3, 28, 12, 0));

        Assert.Equal(At(2027, 3, 28, 1, 30), due);   // 03:30 CEST
        Assert.Equal(new DeliveryPeriod(new LocalDate(2027, 3, 27), new LocalDate(2027, 3, 27), Granularity.Interval), period);
    }

    [Fact]
    public void Daily_AtALocalTimeTheAutumnChangeRepeats_SendsAtItsFirstOccurrence()
    {
        var next = DeliveryCalendar.NextDue(Schedule(DeliveryFrequency.Daily, "02:30"), Paris, At(2026, 10, 24, 12, 0));

        Assert.Equal(At(2026, 10, 25, 0, 30), next);   // 02:30 CEST, not 02:30 CET an hour later
    }

    [Fact]
    public void Daily_BeforeToday_sTime_IsYesterday_sDuePoint()
    {
        var (due, period) = DeliveryCalendar.LatestDue(Schedule(DeliveryFrequency.Daily, "07:00"), Paris, At(2026, 11, 9, 5, 59));

        Assert.Equal(At(2026, 11, 8, 6, 0), due);
        Assert.Equal("2026-11-07", period.Key);
    }

    [Fact]
    public void Weekly_ReportsTheSevenDaysBeforeItsWeekday()
    {
        var schedule = Schedule(DeliveryFrequency.Weekly, "08:00", IsoDayOfWeek.Monday);

        var (due, period) = DeliveryCalendar.LatestDue(schedule, Paris, At(2026, 11, 12, 10, 0));   // a Thursday

        Assert.Equal(At(2026, 11, 9, 7, 0), due);
        Assert.Equal("2026-11-02/2026-11-08", period.Key);
        Assert.Equal(At(2026, 11, 16, 7, 0), DeliveryCalendar.NextDue(schedule, Paris, At(2026, 11, 12, 10, 0)));
    }

    [Fact]
    public void Monthly_OnADayAShortMonthLacks_SendsOnItsLastDay_ReportingThePreviousMonth()
    {
        var schedule = Schedule(DeliveryFrequency.Monthly, "06:00", day: 31);

        Assert.Equal(At(2027, 2, 28, 5, 0), DeliveryCalendar.NextDue(schedule, Paris, At(2027, 2, 1, 0, 0)));
        var (due, period) = DeliveryCalendar.LatestDue(schedule, Paris, At(2027, 3, 15, 0, 0));
        Assert.Equal(At(2027, 2, 28, 5, 0), due);
        Assert.Equal("2027-01-01/2027-01-31", period.Key);
        Assert.Equal(period, DeliveryPeriod.FromKey(period.Key, DeliveryFrequency.Monthly));
    }
}
