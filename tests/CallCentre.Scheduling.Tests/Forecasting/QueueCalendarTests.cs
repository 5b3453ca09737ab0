using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class QueueCalendarTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly OpeningWindow[] WeekdaysNineToSix =
        [.. Enumerable.Range(1, 5).Select(d => new OpeningWindow((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(18, 0)))];

    [Fact]
    public void NoOpeningHours_AlwaysOpen() => Assert.True(QueueCalendar.IsOpen([], new DateTime(2026, 11, 29, 3, 0, 0), 30));

    [Theory]
    [InlineData("2026-11-27 08:30", 30, false)]   // ends as the queue opens
    [InlineData("2026-11-27 08:45", 30, true)]    // its second half is open
    [InlineData("2026-11-27 17:45", 15, true)]
    [InlineData("2026-11-27 18:00", 15, false)]
    [InlineData("2026-11-28 10:00", 60, false)]   // Saturday
    public void IsOpen_AnyPartInTheWindow(string start, int width, bool open) =>
        Assert.Equal(open, QueueCalendar.IsOpen(WeekdaysNineToSix, DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), width));

    [Fact]
    public void IsOpen_TheDaysLastIntervalEndsAtMidnight()
    {
        OpeningWindow[] evenings = [new(DayOfWeek.Friday, new TimeOnly(20, 0), TimeOnly.MaxValue)];

        Assert.True(QueueCalendar.IsOpen(evenings, new DateTime(2026, 11, 27, 23, 30, 0), 30));
        Assert.False(QueueCalendar.IsOpen(evenings, new DateTime(2026, 11, 28, 0, 0, 0), 30));
    }

    [Fact]
    public void HistoryWindow_TheDaysBeforeTheForecast_NotBeforeTheFirstRecordedCall()
    {
        var first = new DateOnly(2026, 12, 1);

        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30)), QueueCalendar.HistoryWindow(first, 91, null));
        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30)), QueueCalendar.HistoryWindow(first, 91, new DateOnly(2026, 1, 1)));
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 30)), QueueCalendar.HistoryWindow(first, 91, new DateOnly(2026, 11, 10)));
    }

    [Fact]
    public void ToUtc_SkippedTimeReadAfterTheJump_RepeatedTimeItsFirstPass()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), QueueCalendar.ToUtc(new DateTime(2026, 11, 27, 9, 0, 0), Paris));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), QueueCalendar.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0), Paris));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), QueueCalendar.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), Paris));
    }

    [Fact]
    public void DateOf_TheLocalDay() =>
        Assert.Equal(new DateOnly(2026, 11, 28), QueueCalendar.DateOf(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero), Paris));
}
