using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

public class ShrinkageTests
{
    [Theory]
    [InlineData(14, 0.3, 20)]    // 14 / 0.7 is 20.000000000000004 in floating point
    [InlineData(14, 0.0, 14)]
    [InlineData(15, 0.3, 22)]    // 21.43
    [InlineData(7, 0.125, 8)]
    [InlineData(0, 0.5, 0)]
    [InlineData(50000, 0.35, 76924)]
    public void ScheduledAgents_AreNeededOverOneMinusShrinkageRoundedUp(int agents, double shrinkage, int expected) =>
        Assert.Equal(expected, Shrinkage.ScheduledAgents(agents, shrinkage));

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ShrinkageOutsideZeroToOne_Throws(double shrinkage) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Shrinkage.ScheduledAgents(10, shrinkage));
}
