using CallCentre.SlaTracking.Counting;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

public sealed class OccupancyCounterTests
{
    private static readonly ReportingCalendar Paris = new("Europe/Paris");

    // 10:00–11:00 Paris on 10 Nov 2026 (09:00–10:00 UTC), in half hours; the clock reads 11:00.
    private static readonly IReadOnlyList<ReportPeriod> Periods =
        Paris.Periods(Utc(2026, 11, 10, 9, 0), Utc(2026, 11, 10, 10, 0), Granularity.Interval, 30).ToList();
    private static readonly DateTimeOffset Now = Utc(2026, 11, 10, 10, 0);

    private static AgentStateSpan At(string agent, string state, int minutesAfterNine) => new(agent, state, Utc(2026, 11, 10, 9, 0).AddMinutes(minutesAfterNine));

    private static readonly AgentStateSpan[] Day =
    [
        // a: Available 10 min, OnCall 10, AfterCallWork 5, Available 15 (5 in each half hour), then NotReady.
        At("a", "Available", 0), At("a", "OnCall", 10), At("a", "AfterCallWork", 20), At("a", "Available", 25), At("a", "NotReady", 40),
        // b: on a call since before the period, still on it now.
        At("b", "OnCall", -10),
        // c: logged out the whole time.
        At("c", "LoggedOut", -60),
    ];

    [Fact]
    public void StateChanges_GiveHandComputedOccupancy()
    {
        var figures = OccupancyCounter.Count(Day, Periods, Now);

        Assert.Equal(("2026-11-10T10:00", 2, 3600.0, 2700.0, 0.75),
            (figures[0].Period, figures[0].Agents, figures[0].StaffedSeconds, figures[0].BusySeconds, figures[0].Occupancy!.Value));
        Assert.Equal(("2026-11-10T10:30", 2, 2400.0, 1800.0, 0.75),
            (figures[1].Period, figures[1].Agents, figures[1].StaffedSeconds, figures[1].BusySeconds, figures[1].Occupancy!.Value));
    }

    [Fact]
    public void LatestState_LastsOnlyUntilNow()
    {
        var figures = OccupancyCounter.Count([At("b", "OnCall", -10)], Periods, Utc(2026, 11, 10, 9, 45));

        Assert.Equal(1800.0, figures[0].BusySeconds);
        Assert.Equal(900.0, figures[1].BusySeconds);
    }

    [Fact]
    public void NobodyStaffed_HasNoOccupancy()
    {
        var figures = OccupancyCounter.Count([At("c", "NotReady", 0)], Periods, Now);

        Assert.All(figures, f => Assert.Equal((0, (double?)null), (f.Agents, f.Occupancy)));
    }

    [Fact]
    public void ChangesInAnyOrder_GiveTheSameOccupancy()
    {
        var expected = OccupancyCounter.Count(Day, Periods, Now);

        Assert.Equal(expected, OccupancyCounter.Count(Shuffled(Day, 5), Periods, Now));
    }
}
