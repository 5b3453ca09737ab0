using CallCentre.SlaTracking.Counting;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

public sealed class ReportingCalendarTests
{
    private readonly ReportingCalendar _paris = new("Europe/Paris");

    [Theory]
    [InlineData(2026, 11, 10, 15, 96, 24)]
    [InlineData(2026, 11, 10, 30, 48, 24)]
    [InlineData(2026, 3, 29, 15, 92, 23)]   // spring forward: 02:00 → 03:00
    [InlineData(2026, 3, 29, 30, 46, 23)]
    [InlineData(2026, 10, 25, 15, 100, 25)] // fall back: 03:00 → 02:00
    [InlineData(2026, 10, 25, 30, 50, 25)]
    public void DayInParis_HasAsManyIntervalsAsItsWallClockHours(int y, int m, int d, int minutes, int intervals, int hours)
    {
        var (from, to) = _paris.Range(new LocalDate(y, m, d), new LocalDate(y, m, d));

        var periods = _paris.Periods(from, to, Granularity.Interval, minutes).ToList();

        Assert.Equal(hours, (to - from).TotalHours);
        Assert.Equal(intervals, periods.Count);
        Assert.All(periods, p => Assert.Equal(minutes, p.LengthMinutes));
        Assert.All(periods.Zip(periods.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }

    [Fact]
    public void FallBackDay_TheRepeatedHourGivesTwoDistinctIntervals()
    {
        var summer = _paris.PeriodOf(Utc(2026, 10, 25, 0, 10), Granularity.Interval, 15); // 02:10 CEST
        var winter = _paris.PeriodOf(Utc(2026, 10, 25, 1, 10), Granularity.Interval, 15); // 02:10 CET

        Assert.Equal(("2026-10-25T02:00", "+02:00", Utc(2026, 10, 25, 0, 0)), (summer.LocalStart, summer.UtcOffset, summer.Start));
        Assert.Equal(("2026-10-25T02:00", "+01:00", Utc(2026, 10, 25, 1, 0)), (winter.LocalStart, winter.UtcOffset, winter.Start));
    }

    [Fact]
    public void SpringForwardDay_IntervalBefore0200IsFollowedBy0300()
    {
        var last = _paris.PeriodOf(Utc(2026, 3, 29, 0, 59, 59), Granularity.Interval, 15);
        var next = _paris.PeriodOf(Utc(2026, 3, 29, 1, 0), Granularity.Interval, 15);

        Assert.Equal(("2026-03-29T01:45", "+01:00"), (last.LocalStart, last.UtcOffset));
        Assert.Equal(("2026-03-29T03:00", "+02:00"), (next.LocalStart, next.UtcOffset));
        Assert.Equal(last.End, next.Start);
    }

    [Fact]
    public void LocalMidnight_StartsTheTenantsDayAndMonth()
    {
        var day = _paris.PeriodOf(Utc(2026, 6, 30, 22, 0), Granularity.Day);
        var previousDay = _paris.PeriodOf(Utc(2026, 6, 30, 21, 59, 59), Granularity.Day);
        var month = _paris.PeriodOf(Utc(2026, 6, 30, 22, 30), Granularity.Month);

        Assert.Equal("2026-07-01T00:00", day.LocalStart);
        Assert.Equal("2026-06-30T00:00", previousDay.LocalStart);
        Assert.Equal((Utc(2026, 6, 30, 22, 0), Utc(2026, 7, 31, 22, 0)), (month.Start, month.End));
    }

    [Fact]
    public void MonthWithADaylightSavingChange_Is743Hours()
    {
        var month = _paris.PeriodOf(Utc(2026, 3, 15, 12, 0), Granularity.Month);

        Assert.Equal(31 * 24 - 1, (month.End - month.Start).TotalHours);
        Assert.Equal(Utc(2026, 2, 28, 23, 0), month.Start);
    }

    [Fact]
    public void Range_CoversLocalDatesInclusive()
    {
        var (from, to) = _paris.Range(new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31));

        Assert.Equal(Utc(2026, 9, 30, 22, 0), from);
        Assert.Equal(Utc(2026, 10, 31, 23, 0), to);
    }

    [Fact]
    public void MonthPeriods_AreClippedToTheRange()
    {
        var (from, to) = _paris.Range(new LocalDate(2026, 10, 20), new LocalDate(2026, 11, 5));

        var months = _paris.Periods(from, to, Granularity.Month).ToList();

        Assert.Equal(2, months.Count);
        Assert.Equal((from, Utc(2026, 10, 31, 23, 0)), (months[0].Start, months[0].End));
        Assert.Equal((Utc(2026, 10, 31, 23, 0), to), (months[1].Start, months[1].End));
    }
}
