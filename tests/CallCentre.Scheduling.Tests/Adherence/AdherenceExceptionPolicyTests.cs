using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Tests.Adherence;

public class AdherenceExceptionPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 10);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    private static AdherenceStatus Out(DateTimeOffset since, double minutesLater) =>
        new(since.AddMinutes(minutesLater), Day, Expectation.Work, "NotReady", "missed", false, since);

    private static AdherenceStatus In(DateTimeOffset since, double minutesLater) =>
        new(since.AddMinutes(minutesLater), Day, Expectation.Work, "Available", null, true, since);

    [Fact]
    public void ShorterThanTheThreshold_RaisesNothing()
    {
        var d = AdherenceExceptionPolicy.Decide("agent01", Out(T0, 4.9), null, Threshold);
        Assert.Null(d.Raise);
        Assert.Null(d.Clear);
    }

    [Fact]
    public void AtTheThreshold_RaisesOnce()
    {
        var first = AdherenceExceptionPolicy.Decide("agent01", Out(T0, 5), null, Threshold);
        Assert.Equal(new OpenEpisode("agent01", Day, T0), first.Raise);

        var again = AdherenceExceptionPolicy.Decide("agent01", Out(T0, 30), first.Raise, Threshold);
        Assert.Null(again.Raise);
        Assert.Null(again.Clear);
    }

    [Fact]
    public void BackInAdherence_ClearsTheEpisode_UntilTheFirstInstantBackIn()
    {
        var open = new OpenEpisode("agent01", Day, T0);
        var d = AdherenceExceptionPolicy.Decide("agent01", In(T0.AddMinutes(8), 1), open, Threshold);
        Assert.Equal(open, d.Clear);
        Assert.Equal(T0.AddMinutes(8), d.ClearedUntil);
        Assert.Null(d.Raise);
    }

    [Fact]
    public void BackInBriefly_ThenOutAgain_ClearsAndWaitsForTheThresholdBeforeRaising()
    {
        var open = new OpenEpisode("agent01", Day, T0);
        var second = T0.AddMinutes(10);
        var early = AdherenceExceptionPolicy.Decide("agent01", Out(second, 2), open, Threshold);
        Assert.Equal(open, early.Clear);
        Assert.Null(early.Raise);

        var late = AdherenceExceptionPolicy.Decide("agent01", Out(second, 6), null, Threshold);
        Assert.Equal(new OpenEpisode("agent01", Day, second), late.Raise);
    }

    [Fact]
    public void ScheduleRemoved_ClearsAtTheCheck()
    {
        var open = new OpenEpisode("agent01", Day, T0);
        var unscheduled = new AdherenceStatus(T0.AddMinutes(20), Day, Expectation.Unscheduled, "Available", null, null, T0.AddMinutes(-60));
        var d = AdherenceExceptionPolicy.Decide("agent01", unscheduled, open, Threshold);
        Assert.Equal(open, d.Clear);
        Assert.Equal(T0.AddMinutes(20), d.ClearedUntil);
    }
}
