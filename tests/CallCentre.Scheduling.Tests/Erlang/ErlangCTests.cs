using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

public class ErlangCTests
{
    // The published case: 100 calls per 30 minutes, 180 s AHT, 80 % within 20 s.
    private const double Calls = 100, Interval = 1800, Aht = 180, Threshold = 20;
    private static readonly double Erlangs = OfferedTraffic.Erlangs(Calls, Interval, Aht);

    [Fact]
    public void PublishedCase_IsTenErlangs() => Assert.Equal(10, Erlangs, 1e-12);

    [Fact]
    public void TenErlangsFourteenAgents_WaitProbabilityIs0_1741() =>
        Assert.Equal(0.1741, ErlangC.ProbabilityOfWaiting(14, Erlangs), 4);

    [Fact]
    public void EightyTwentyTarget_NeedsFourteenAgents()
    {
        var result = ErlangC.AgentsNeeded(Erlangs, Aht, new ServiceLevelTarget(0.8, Threshold));

        Assert.NotNull(result);
        Assert.Equal(14, result.Value.Agents);
        Assert.Equal(0.8883500, result.Value.ServiceLevel, 7);
        Assert.Equal(7.836, result.Value.AverageSpeedOfAnswerSeconds, 3);
        Assert.Equal(0.714, result.Value.Occupancy, 3);
        Assert.Equal(0, result.Value.ProbabilityOfAbandoning);
    }

    [Fact]
    public void EightyTwentyTargetWithThirtyPercentShrinkage_SchedulesTwentyAgents() =>
        Assert.Equal(20, Shrinkage.ScheduledAgents(14, 0.3));

    [Fact]
    public void NinetyTwentyTarget_NeedsFifteenAgents()
    {
        var result = ErlangC.AgentsNeeded(Erlangs, Aht, new ServiceLevelTarget(0.9, Threshold));

        Assert.Equal(15, result!.Value.Agents);
        Assert.Equal(0.9414528, result.Value.ServiceLevel, 7);
    }

    [Fact]
    public void FourteenAgents_ServiceLevelMatchesPublishedValue() =>
        Assert.Equal(0.8883500, ErlangC.ServiceLevel(14, Erlangs, Aht, Threshold), 7);

    [Fact]
    public void FourteenAgents_AverageSpeedOfAnswerMatchesPublishedValue() =>
        Assert.Equal(7.836, ErlangC.AverageSpeedOfAnswer(14, Erlangs, Aht), 3);

    [Fact]
    public void FourteenAgents_OccupancyIsTrafficOverAgents() => Assert.Equal(10.0 / 14, ErlangC.Occupancy(14, Erlangs), 1e-15);

    [Fact]
    public void Evaluate_AgreesWithTheSingleFigureMethods()
    {
        var p = ErlangC.Evaluate(17, 12.5, 240, 30);

        Assert.Equal(ErlangC.ServiceLevel(17, 12.5, 240, 30), p.ServiceLevel, 1e-15);
        Assert.Equal(ErlangC.ProbabilityOfWaiting(17, 12.5), p.ProbabilityOfWaiting, 1e-15);
        Assert.Equal(ErlangC.AverageSpeedOfAnswer(17, 12.5, 240), p.AverageSpeedOfAnswerSeconds, 1e-12);
        Assert.Equal(ErlangC.Occupancy(17, 12.5), p.Occupancy, 1e-15);
    }

    [Fact]
    public void OneAgent_WaitProbabilityIsUtilisation() => Assert.Equal(0.6, ErlangC.ProbabilityOfWaiting(1, 0.6), 1e-15);

    [Fact]
    public void OneAgent_ServiceLevelIsMm1WaitDistribution()
    {
        // M/M/1: P(W > t) = ρ·e^{-(μ - λ)t}
        const double rho = 0.75, aht = 100, t = 50;
        var expected = 1 - rho * Math.Exp(-(1 - rho) * t / aht);
        Assert.Equal(expected, ErlangC.ServiceLevel(1, rho, aht, t), 1e-14);
    }

    [Fact]
    public void ZeroThreshold_ServiceLevelIsShareNotWaiting() =>
        Assert.Equal(1 - ErlangC.ProbabilityOfWaiting(14, 10), ErlangC.ServiceLevel(14, 10, 180, 0), 1e-15);

    [Theory]
    [InlineData(14, 10)]
    [InlineData(5, 3.2)]
    [InlineData(30, 27)]
    public void WaitProbability_MatchesErlangBIdentity(int agents, double erlangs)
    {
        // C = N·B / (N - A·(1 - B))
        var b = ErlangB.BlockingProbability(agents, erlangs);
        Assert.Equal(agents * b / (agents - erlangs * (1 - b)), ErlangC.ProbabilityOfWaiting(agents, erlangs), 1e-14);
    }

    [Theory]
    [InlineData(3, 1.5, 60)]
    [InlineData(14, 10, 20)]
    [InlineData(25, 22, 15)]
    public void Figures_MatchBirthDeathChain(int agents, double erlangs, double threshold)
    {
        var chain = new BirthDeathQueue(agents, erlangs, Aht, double.PositiveInfinity);
        var p = ErlangC.Evaluate(agents, erlangs, Aht, threshold);

        Assert.Equal(chain.ProbabilityOfWaiting, p.ProbabilityOfWaiting, 1e-12);
        Assert.Equal(chain.ServiceLevel(threshold), p.ServiceLevel, 1e-9);
        Assert.Equal(chain.AverageSpeedOfAnswer, p.AverageSpeedOfAnswerSeconds, 1e-9);
        Assert.Equal(chain.Occupancy, p.Occupancy, 1e-12);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(9, 10)]
    [InlineData(1, 4000)]
    public void AgentsNotAboveTraffic_QueueNeverClears(int agents, double erlangs)
    {
        var p = ErlangC.Evaluate(agents, erlangs, Aht, Threshold);

        Assert.Equal(1, p.ProbabilityOfWaiting);
        Assert.Equal(0, p.ServiceLevel);
        Assert.Equal(double.PositiveInfinity, p.AverageSpeedOfAnswerSeconds);
        Assert.Equal(1, p.Occupancy);
    }

    [Fact]
    public void ZeroTraffic_NeedsNoAgents()
    {
        var result = ErlangC.AgentsNeeded(0, Aht, new ServiceLevelTarget(0.8, Threshold));

        Assert.Equal(new QueuePerformance(0, 1, 0, 0, 0, 0), result);
    }

    [Fact]
    public void ZeroTraffic_WithAgents_NobodyWaits()
    {
        var p = ErlangC.Evaluate(3, 0, Aht, Threshold);

        Assert.Equal((1.0, 0.0, 0.0, 0.0), (p.ServiceLevel, p.ProbabilityOfWaiting, p.AverageSpeedOfAnswerSeconds, p.Occupancy));
    }

    [Fact]
    public void OccupancyCap_AddsAgentsBeyondTheServiceLevelNeed()
    {
        var result = ErlangC.AgentsNeeded(Erlangs, Aht, new ServiceLevelTarget(0.8, Threshold, MaxOccupancy: 0.6));

        Assert.Equal(17, result!.Value.Agents);   // 10/16 = 0.625 > 0.6 ≥ 10/17
        Assert.True(result.Value.Occupancy <= 0.6);
    }

    [Fact]
    public void AgentsNeeded_IsTheFewestThatMeetTheTarget()
    {
        var target = new ServiceLevelTarget(0.85, 15);
        foreach (var erlangs in new[] { 0.2, 1.7, 8.4, 33.3, 120, 977 })
        {
            var n = ErlangC.AgentsNeeded(erlangs, 240, target)!.Value.Agents;
            Assert.True(ErlangC.ServiceLevel(n, erlangs, 240, 15) >= 0.85);
            Assert.True(n == 1 || ErlangC.ServiceLevel(n - 1, erlangs, 240, 15) < 0.85);
        }
    }

    [Fact]
    public void TrafficBeyondFiftyThousandAgents_HasNoAnswer() =>
        Assert.Null(ErlangC.AgentsNeeded(50_000, Aht, new ServiceLevelTarget(0.8, Threshold)));

    [Fact]
    public void Sweep_MatchesSingleEvaluations()
    {
        var sweep = new ErlangCSweep(57.3, 50);
        for (var n = 50; n <= 120; n++, sweep.AddAgent())
        {
            Assert.Equal(n, sweep.Agents);
            Assert.Equal(ErlangC.ProbabilityOfWaiting(n, 57.3), sweep.ProbabilityOfWaiting, 1e-13);
            Assert.Equal(ErlangC.ServiceLevel(n, 57.3, Aht, Threshold), sweep.ServiceLevel(Aht, Threshold), 1e-13);
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-3, 10)]
    public void FewerThanOneAgent_Throws(int agents, double erlangs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(agents, erlangs, Aht, Threshold));

    [Theory]
    [InlineData(0.0, 20.0)]
    [InlineData(180.0, -1.0)]
    [InlineData(double.NaN, 20.0)]
    public void BadTimes_Throw(double aht, double threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ServiceLevel(14, 10, aht, threshold));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void BadTarget_Throws(double serviceLevel) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsNeeded(10, Aht, new ServiceLevelTarget(serviceLevel, Threshold)));
}
