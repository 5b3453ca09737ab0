using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Tests.Adherence;

public class AdherenceReadingTests
{
    private readonly AdherenceTestData _data = new("Africa/Casablanca");

    private AdherenceSegment Segment(string from, string to, Expectation expected, string state, string? reason = null) =>
        new(_data.At(from), _data.At(to), new DateOnly(2026, 11, 27), expected, state, reason, AgentStates.Adheres(expected, state, reason));

    [Fact]
    public void ActualStates_JoinsAdjacentSegmentsInTheSameStateAndReason()
    {
        var stretches = AdherenceReading.ActualStates(
        [
            Segment("2026-11-27 08:00", "2026-11-27 10:00", Expectation.Work, AgentStates.Available),
            Segment("2026-11-27 10:00", "2026-11-27 10:15", Expectation.Break, AgentStates.Available),   // same state, other expectation
            Segment("2026-11-27 10:15", "2026-11-27 10:30", Expectation.Work, AgentStates.NotReady, "break"),
            Segment("2026-11-27 10:30", "2026-11-27 10:40", Expectation.Work, AgentStates.NotReady, "lunch"),
            Segment("2026-11-27 11:00", "2026-11-27 12:00", Expectation.Work, AgentStates.NotReady, "lunch"),   // after a gap
        ]);

        Assert.Equal(
        [
            new StateStretch(_data.At("2026-11-27 08:00"), _data.At("2026-11-27 10:15"), AgentStates.Available, null),
            new StateStretch(_data.At("2026-11-27 10:15"), _data.At("2026-11-27 10:30"), AgentStates.NotReady, "break"),
            new StateStretch(_data.At("2026-11-27 10:30"), _data.At("2026-11-27 10:40"), AgentStates.NotReady, "lunch"),
            new StateStretch(_data.At("2026-11-27 11:00"), _data.At("2026-11-27 12:00"), AgentStates.NotReady, "lunch"),
        ], stretches);
    }

    [Fact]
    public void HistoryWindow_APastDay_FromItsMidnightToTwoMidnightsLater()
    {
        var now = _data.At("2026-11-30 09:00");

        Assert.Equal((_data.At("2026-11-27 00:00"), _data.At("2026-11-29 00:00")),
            AdherenceReading.HistoryWindow(new DateOnly(2026, 11, 27), _data.Calendar, now));
    }

    [Fact]
    public void HistoryWindow_Today_ReachesBackForTheStatus_AndStopsJustAfterNow()
    {
        var now = _data.At("2026-11-27 05:00");

        var (from, to) = AdherenceReading.HistoryWindow(new DateOnly(2026, 11, 27), _data.Calendar, now);

        Assert.Equal(now - AdherenceEngine.StatusLookBack, from);
        Assert.Equal(now.AddMilliseconds(1), to);
    }

    [Fact]
    public void Centre_SumsMinutesBeforeDividing()
    {
        DayAdherence Day(double elapsed, double work, double inAdherence, double onPhone) => new("a", new DateOnly(2026, 11, 27), true, false,
            _data.At("2026-11-27 18:00"), elapsed, work, elapsed, work, inAdherence, elapsed - inAdherence, 0, onPhone, null, null, []);

        var figures = AdherenceReading.Centre([Day(480, 420, 450, 400), Day(120, 0, 60, 30)]);

        Assert.Equal(510.0 / 600, figures.Adherence!.Value, 12);
        Assert.Equal(430.0 / 420, figures.Conformance!.Value, 12);
        Assert.Equal(new CentreAdherence(null, null), AdherenceReading.Centre([Day(0, 0, 0, 0)]));
    }
}
