using CallCentre.Scheduling.Adherence;
using static CallCentre.Scheduling.Adherence.ActivityKind;

namespace CallCentre.Scheduling.Tests.Adherence;

/// <summary>Schedules in local time across Europe/Paris's clock changes (29 March and 25 October 2026).</summary>
public class DaylightSavingTests
{
    private static readonly AdherenceTestData Paris = new("Europe/Paris");

    [Fact]
    public void SpringForward_TheDayHas23Hours_And0100To0400IsTwoHours()
    {
        var date = new DateOnly(2026, 3, 29);
        Assert.Equal(TimeSpan.FromHours(23), Paris.Calendar.DayStart(date.AddDays(1)) - Paris.Calendar.DayStart(date));
        Assert.Null(Paris.Calendar.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0)));

        var shift = Paris.Day("2026-03-29", Paris.Activity(Work, "2026-03-29 01:00", "2026-03-29 04:00"));
        StateChange[] history = [Paris.State("2026-03-29 00:50", "Available"), Paris.State("2026-03-29 04:00", "LoggedOut")];
        var day = AdherenceEngine.Day("agent01", date, [shift], history, Paris.Calendar, Paris.At("2026-03-30 12:00"));

        Assert.Equal(120, day.ScheduledMinutes, 9);
        Assert.Equal(120, day.InAdherenceMinutes, 9);
        Assert.Equal(1.0, day.Adherence);
        Assert.Equal(10, day.LoggedInOutsideScheduleMinutes, 9);
    }

    [Fact]
    public void FallBack_TheDayHas25Hours_And0100To0400IsFourHours()
    {
        var date = new DateOnly(2026, 10, 25);
        Assert.Equal(TimeSpan.FromHours(25), Paris.Calendar.DayStart(date.AddDays(1)) - Paris.Calendar.DayStart(date));
        // 02:30 happens twice: the first (summer time, UTC+2) is taken.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), Paris.Calendar.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0)));

        var shift = Paris.Day("2026-10-25", Paris.Activity(Work, "2026-10-25 01:00", "2026-10-25 04:00"));
        StateChange[] history = [Paris.State("2026-10-25 01:00", "Available"), Paris.State("2026-10-25 03:00", "LoggedOut")];
        var day = AdherenceEngine.Day("agent01", date, [shift], history, Paris.Calendar, Paris.At("2026-10-26 12:00"));

        Assert.Equal(240, day.ScheduledMinutes, 9);
        Assert.Equal(180, day.InAdherenceMinutes, 9); // 01:00 to 03:00 local is three hours that night
        Assert.Equal(0.75, day.Adherence!.Value, 9);
    }

    [Fact]
    public void DayOffOnThe23HourDay_LoggedInAllDayIs1380Minutes()
    {
        var date = new DateOnly(2026, 3, 29);
        StateChange[] history = [Paris.State("2026-03-28 23:00", "Available")];
        var day = AdherenceEngine.Day("agent01", date, [Paris.DayOff("2026-03-29")], history, Paris.Calendar, Paris.At("2026-03-31 00:00"));
        Assert.Equal(1380, day.LoggedInOutsideScheduleMinutes, 9);
        Assert.Equal(1380, day.OnPhoneMinutes, 9);
    }
}
