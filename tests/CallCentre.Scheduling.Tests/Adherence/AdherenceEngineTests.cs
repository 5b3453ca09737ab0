using CallCentre.Scheduling.Adherence;
using static CallCentre.Scheduling.Adherence.ActivityKind;

namespace CallCentre.Scheduling.Tests.Adherence;

public class AdherenceEngineTests
{
    private static readonly AdherenceTestData Utc = new("Etc/UTC");
    private static readonly DateOnly Nov10 = new(2026, 11, 10);

    // Work 08:00-10:00, break 10:00-10:15, work 10:15-12:00: 240 scheduled minutes, 225 of them work.
    private static readonly AgentDay Shift = Utc.Day("2026-11-10",
        Utc.Activity(Work, "2026-11-10 08:00", "2026-11-10 10:00"),
        Utc.Activity(Break, "2026-11-10 10:00", "2026-11-10 10:15"),
        Utc.Activity(Work, "2026-11-10 10:15", "2026-11-10 12:00"));

    // Logs in 5 minutes early, misses an offer (6 min NotReady), takes the break 2 minutes late and comes back 2 minutes late,
    // leaves 30 minutes early.
    private static readonly StateChange[] Worked =
    [
        Utc.State("2026-11-10 07:55", "Available"),
        Utc.State("2026-11-10 09:00", "NotReady", "missed"),
        Utc.State("2026-11-10 09:06", "Available"),
        Utc.State("2026-11-10 10:02", "NotReady", "break"),
        Utc.State("2026-11-10 10:17", "Available"),
        Utc.State("2026-11-10 11:30", "LoggedOut"),
    ];

    [Fact]
    public void HandComputedDay_AdherenceConformanceAndMinutes()
    {
        var day = AdherenceEngine.Day("agent01", Nov10, [Shift], Worked, Utc.Calendar, Utc.At("2026-11-10 13:00"));

        // In: 08:00-09:00 (60), 09:06-10:00 (54), 10:02-10:15 (13), 10:17-11:30 (73) = 200 of 240.
        Assert.Equal(240, day.ScheduledMinutes, 9);
        Assert.Equal(225, day.ScheduledWorkMinutes, 9);
        Assert.Equal(240, day.ElapsedScheduledMinutes, 9);
        Assert.Equal(200, day.InAdherenceMinutes, 9);
        Assert.Equal(40, day.OutOfAdherenceMinutes, 9);
        Assert.Equal(200.0 / 240, day.Adherence!.Value, 9);
        // On the phones: 07:55-09:00 (65), 09:06-10:02 (56), 10:17-11:30 (73) = 194 of 225 work minutes.
        Assert.Equal(194, day.OnPhoneMinutes, 9);
        Assert.Equal(194.0 / 225, day.Conformance!.Value, 9);
        Assert.Equal(5, day.LoggedInOutsideScheduleMinutes, 9);
        Assert.True(day.Scheduled);
        Assert.False(day.DayOff);
    }

    [Fact]
    public void DaySoFar_CountsOnlyTheElapsedScheduledTime()
    {
        var day = AdherenceEngine.Day("agent01", Nov10, [Shift], Worked, Utc.Calendar, Utc.At("2026-11-10 09:03"));

        Assert.Equal(63, day.ElapsedScheduledMinutes, 9);
        Assert.Equal(60, day.InAdherenceMinutes, 9);
        Assert.Equal(3, day.OutOfAdherenceMinutes, 9);
        Assert.Equal(60.0 / 63, day.Adherence!.Value, 9);
        Assert.Equal(65.0 / 63, day.Conformance!.Value, 9); // the 5 early minutes on the phones count
        Assert.Equal(240, day.ScheduledMinutes, 9);
        Assert.Equal(Utc.At("2026-11-10 09:03"), day.Until);
    }

    [Fact]
    public void StateChangesExactlyAtTheBoundaries_AreFullyInAdherence()
    {
        StateChange[] exact =
        [
            Utc.State("2026-11-10 08:00", "Available"),
            Utc.State("2026-11-10 10:00", "NotReady", "break"),
            Utc.State("2026-11-10 10:15", "Available"),
            Utc.State("2026-11-10 12:00", "LoggedOut"),
        ];
        var day = AdherenceEngine.Day("agent01", Nov10, [Shift], exact, Utc.Calendar, Utc.At("2026-11-10 18:00"));

        Assert.Equal(1.0, day.Adherence);
        Assert.Equal(0, day.OutOfAdherenceMinutes, 9);
        Assert.Equal(0, day.LoggedInOutsideScheduleMinutes, 9);
        Assert.Equal(1.0, day.Conformance);

        var atBreak = AdherenceEngine.Status([Shift], exact, Utc.Calendar, Utc.At("2026-11-10 10:00"));
        Assert.Equal(Expectation.Break, atBreak.Expected);
        Assert.Equal("NotReady", atBreak.State);
        Assert.True(atBreak.InAdherence);
        // Logged out before the shift was in adherence too; the 9th has no schedule, so the stretch starts at midnight.
        Assert.Equal(Utc.At("2026-11-10 00:00"), atBreak.Since);
    }

    [Fact]
    public void BreakReasonIsCaseInsensitive_ButAnotherReasonIsOut()
    {
        Assert.True(AgentStates.Adheres(Expectation.Break, "NotReady", "Break"));
        Assert.False(AgentStates.Adheres(Expectation.Break, "NotReady", "lunch"));
        Assert.False(AgentStates.Adheres(Expectation.Break, "Available", null));
        Assert.True(AgentStates.Adheres(Expectation.Training, "NotReady", "training"));
        Assert.True(AgentStates.Adheres(Expectation.Meeting, "NotReady", "meeting"));
        Assert.False(AgentStates.Adheres(Expectation.Work, "NotReady", "missed"));
        Assert.True(AgentStates.Adheres(Expectation.Work, "AfterCallWork", null));
        Assert.True(AgentStates.Adheres(Expectation.Off, "LoggedOut", null));
        Assert.False(AgentStates.Adheres(Expectation.Off, "Available", null));
        Assert.Null(AgentStates.Adheres(Expectation.Unscheduled, "Available", null));
    }

    [Fact]
    public void OutOfOrderAndDuplicatedChanges_GiveTheSameFigures()
    {
        var expected = AdherenceEngine.Day("agent01", Nov10, [Shift], Worked, Utc.Calendar, Utc.At("2026-11-10 13:00"));
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var messy = Worked.Concat(Worked.Where((_, i) => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToList();
            var day = AdherenceEngine.Day("agent01", Nov10, [Shift], messy, Utc.Calendar, Utc.At("2026-11-10 13:00"));
            Assert.Equal(expected.InAdherenceMinutes, day.InAdherenceMinutes, 9);
            Assert.Equal(expected.OnPhoneMinutes, day.OnPhoneMinutes, 9);
            Assert.Equal(expected.LoggedInOutsideScheduleMinutes, day.LoggedInOutsideScheduleMinutes, 9);
            Assert.Equal(expected.Timeline, day.Timeline);
        }
    }

    [Fact]
    public void ChangesAtTheSameInstant_ApplyInTheirOrder()
    {
        // Routing offers a call to an agent in the same instant it becomes available.
        StateChange[] sameInstant = [Utc.State("2026-11-10 08:00", "Available"), Utc.State("2026-11-10 08:00", "Reserved")];
        var status = AdherenceEngine.Status([Shift], sameInstant, Utc.Calendar, Utc.At("2026-11-10 08:01"));
        Assert.Equal("Reserved", status.State);
        Assert.True(status.InAdherence);
    }

    [Fact]
    public void NoSchedule_NothingToAdhereTo()
    {
        var day = AdherenceEngine.Day("agent01", Nov10, [], Worked, Utc.Calendar, Utc.At("2026-11-10 13:00"));
        Assert.False(day.Scheduled);
        Assert.Null(day.Adherence);
        Assert.Null(day.Conformance);
        Assert.Equal(0, day.ScheduledMinutes);
        Assert.Equal(0, day.LoggedInOutsideScheduleMinutes);
        Assert.Equal(194, day.OnPhoneMinutes, 9);
        Assert.All(day.Timeline, s => Assert.Null(s.InAdherence));

        var status = AdherenceEngine.Status([], Worked, Utc.Calendar, Utc.At("2026-11-10 09:03"));
        Assert.Equal(Expectation.Unscheduled, status.Expected);
        Assert.Null(status.InAdherence);
    }

    [Fact]
    public void NoHistory_TheAgentIsLoggedOut()
    {
        var day = AdherenceEngine.Day("agent01", Nov10, [Shift], [], Utc.Calendar, Utc.At("2026-11-10 13:00"));
        Assert.Equal(0.0, day.Adherence);
        Assert.Equal(0.0, day.Conformance);
        Assert.Equal(240, day.OutOfAdherenceMinutes, 9);
        Assert.All(day.Timeline, s => Assert.Equal("LoggedOut", s.State));
    }

    [Fact]
    public void DayOff_LoggedInIsOutOfAdherence_ButAdherenceHasNoDenominator()
    {
        StateChange[] came = [Utc.State("2026-11-10 09:00", "Available"), Utc.State("2026-11-10 11:00", "LoggedOut")];
        var day = AdherenceEngine.Day("agent01", Nov10, [Utc.DayOff("2026-11-10")], came, Utc.Calendar, Utc.At("2026-11-10 23:00"));
        Assert.True(day.DayOff);
        Assert.Null(day.Adherence);
        Assert.Equal(120, day.LoggedInOutsideScheduleMinutes, 9);

        var status = AdherenceEngine.Status([Utc.DayOff("2026-11-10")], came, Utc.Calendar, Utc.At("2026-11-10 09:30"));
        Assert.Equal(Expectation.Off, status.Expected);
        Assert.False(status.InAdherence);
        Assert.Equal(Utc.At("2026-11-10 09:00"), status.Since);
        Assert.Equal(TimeSpan.FromMinutes(30), status.For);
    }

    [Fact]
    public void Status_OutStretchSpansSeveralWrongStates()
    {
        StateChange[] history =
        [
            Utc.State("2026-11-10 08:00", "Available"),
            Utc.State("2026-11-10 09:00", "NotReady", "missed"),
            Utc.State("2026-11-10 09:03", "LoggedOut"),
        ];
        var status = AdherenceEngine.Status([Shift], history, Utc.Calendar, Utc.At("2026-11-10 09:07"));
        Assert.False(status.InAdherence);
        Assert.Equal(Utc.At("2026-11-10 09:00"), status.Since);
        Assert.Equal(TimeSpan.FromMinutes(7), status.For);
        Assert.Equal(Expectation.Work, status.Expected);
        Assert.Equal("LoggedOut", status.State);
    }

    [Fact]
    public void Status_BreakStartsWhileOnThePhones_OutSinceTheBreakStarted()
    {
        StateChange[] history = [Utc.State("2026-11-10 08:00", "Available"), Utc.State("2026-11-10 09:58", "OnCall")];
        var status = AdherenceEngine.Status([Shift], history, Utc.Calendar, Utc.At("2026-11-10 10:04"));
        Assert.Equal(Expectation.Break, status.Expected);
        Assert.False(status.InAdherence);
        Assert.Equal(Utc.At("2026-11-10 10:00"), status.Since);
    }

    [Fact]
    public void NightShift_CountsTowardTheDayItStarts()
    {
        var night = Utc.Day("2026-11-10", Utc.Activity(Work, "2026-11-10 22:00", "2026-11-11 06:00"));
        StateChange[] history = [Utc.State("2026-11-10 22:00", "Available"), Utc.State("2026-11-11 07:00", "LoggedOut")];
        AgentDay[] days = [night, Utc.DayOff("2026-11-11")];
        var now = Utc.At("2026-11-12 00:00");

        var first = AdherenceEngine.Day("agent01", Nov10, days, history, Utc.Calendar, now);
        Assert.Equal(480, first.ElapsedScheduledMinutes, 9);
        Assert.Equal(1.0, first.Adherence);
        Assert.Equal(480, first.OnPhoneMinutes, 9);

        // The 11th is a day off: its 00:00-06:00 belongs to the night shift, 06:00-07:00 logged in is outside the schedule.
        var second = AdherenceEngine.Day("agent01", Nov10.AddDays(1), days, history, Utc.Calendar, now);
        Assert.Equal(60, second.LoggedInOutsideScheduleMinutes, 9);
        Assert.Equal(60, second.OnPhoneMinutes, 9);
        Assert.Equal(Utc.At("2026-11-11 06:00"), second.Timeline[0].Start);
    }

    [Fact]
    public void Timeline_MergesEqualNeighbours_AndCutsAtMidnight()
    {
        var segments = AdherenceEngine.Timeline([Shift], [Utc.State("2026-11-10 07:00", "Available")], Utc.Calendar,
            Utc.At("2026-11-10 06:00"), Utc.At("2026-11-11 01:00"));
        Assert.Equal(
            [
                ("06:00", Expectation.Off, "LoggedOut"), ("07:00", Expectation.Off, "Available"), ("08:00", Expectation.Work, "Available"),
                ("10:00", Expectation.Break, "Available"), ("10:15", Expectation.Work, "Available"), ("12:00", Expectation.Off, "Available"),
                ("00:00", Expectation.Unscheduled, "Available"),
            ],
            segments.Select(s => (s.Start.ToString("HH:mm"), s.Expected, s.State)));
        Assert.Equal(new DateOnly(2026, 11, 11), segments[^1].Date);
    }

    [Fact]
    public void FutureDay_HasNoElapsedTime()
    {
        var day = AdherenceEngine.Day("agent01", Nov10, [Shift], Worked, Utc.Calendar, Utc.At("2026-11-09 12:00"));
        Assert.Empty(day.Timeline);
        Assert.Null(day.Adherence);
        Assert.Equal(240, day.ScheduledMinutes, 9);
    }
}
