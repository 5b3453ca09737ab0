using CallCentre.SlaTracking.Live;

namespace CallCentre.SlaTracking.Tests;

public sealed class ServiceLevelAlertPolicyTests
{
    private readonly ServiceLevelAlertPolicy _policy = new(hysteresis: 0.02, minimumCalls: 10);

    private static LiveServiceLevel Day(long met, long ended, double elapsed = 0.5, long recentMet = -1, long recentEnded = 0) =>
        new(met, ended, recentMet < 0 ? met : recentMet, recentMet < 0 ? ended : recentEnded, elapsed, 0.8);

    [Fact]
    public void FewerCallsThanTheMinimum_RaiseNothing()
    {
        var d = _policy.Evaluate(AlertState.OnTarget, Day(0, 9));

        Assert.Equal(AlertState.OnTarget, d.State);
        Assert.False(d.RaiseBreach || d.RaiseAtRisk || d.RaiseRecovery);
    }

    [Fact]
    public void BelowTarget_RaisesOneBreach()
    {
        var first = _policy.Evaluate(AlertState.OnTarget, Day(79, 100));
        var again = _policy.Evaluate(first.State, Day(78, 100));

        Assert.True(first.RaiseBreach);
        Assert.Equal(AlertState.Breached, first.State);
        Assert.False(again.RaiseBreach);
        Assert.Equal(AlertState.Breached, again.State);
    }

    [Theory]
    [InlineData(80, false)]  // back on target but within the hysteresis margin: still breached
    [InlineData(81, false)]
    [InlineData(82, true)]   // target + 2 points
    public void Breached_RecoversOnlyAboveTargetPlusHysteresis(long met, bool recovers)
    {
        var d = _policy.Evaluate(AlertState.Breached, Day(met, 100));

        Assert.Equal(recovers, d.RaiseRecovery);
        Assert.Equal(recovers ? AlertState.OnTarget : AlertState.Breached, d.State);
    }

    [Fact]
    public void OnTargetButRecentPaceWouldEndTheDayBelow_RaisesAtRisk()
    {
        // Half the day gone, 85 % so far; the last half hour runs at 50 %: (85 + 0.5 × 100) / 200 = 67.5 %.
        var d = _policy.Evaluate(AlertState.OnTarget, Day(85, 100, elapsed: 0.5, recentMet: 5, recentEnded: 10));

        Assert.True(d.RaiseAtRisk);
        Assert.Equal(AlertState.AtRisk, d.State);
        Assert.Equal(0.675, d.ProjectedServiceLevel, 9);
        Assert.Equal(0.75, d.RequiredForRestOfDay!.Value, 9); // (0.8 × 200 − 85) / 100
    }

    [Theory]
    [InlineData(81, false)] // projection 81 %: inside the margin, stays at risk
    [InlineData(82, true)]
    public void AtRisk_ClearsSilentlyOnlyAboveTargetPlusHysteresis(long recentMet, bool clears)
    {
        var d = _policy.Evaluate(AlertState.AtRisk, Day(82, 100, elapsed: 0.5, recentMet: recentMet, recentEnded: 100));

        Assert.Equal(clears ? AlertState.OnTarget : AlertState.AtRisk, d.State);
        Assert.False(d.RaiseAtRisk || d.RaiseBreach || d.RaiseRecovery);
    }

    [Fact]
    public void FarBelowTargetLateInTheDay_NeedsMoreThanAHundredPercent()
    {
        // 90 % of the day gone at 50 %: the last tenth would need (0.8 × 111.1 − 50) / 11.1 = 350 %.
        var d = _policy.Evaluate(AlertState.OnTarget, Day(50, 100, elapsed: 0.9));

        Assert.True(d.RaiseBreach);
        Assert.True(d.RequiredForRestOfDay > 1);
    }
}
