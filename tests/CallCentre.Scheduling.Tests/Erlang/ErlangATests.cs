using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

public class ErlangATests
{
    private const double Aht = 180, Threshold = 20;

    public static TheoryData<int, double, double, double> SmallQueues => new()
    {
        // agents, Erlangs, patience (s), threshold (s)
        { 1, 0.5, 60, 20 },
        { 1, 3, 30, 10 },
        { 3, 2.5, 120, 30 },
        { 8, 10, 90, 20 },
        { 14, 10, 180, 20 },
        { 14, 10, 1800, 20 },
        { 20, 26, 45, 15 },
        { 12, 11.5, 600, 60 },
        { 5, 2, 20, 0 },
        { 8, 10, 900, 20 },     // overloaded and patient: the upper incomplete gamma branch
        { 3, 6, 600, 10 },
        { 9, 10, 300, 45 },
    };

    [Theory]
    [MemberData(nameof(SmallQueues))]
    public void WaitAbandonAndOccupancy_MatchBirthDeathChain(int agents, double erlangs, double patience, double threshold)
    {
        var chain = new BirthDeathQueue(agents, erlangs, Aht, patience);
        var p = ErlangA.Evaluate(agents, erlangs, Aht, patience, threshold);

        Assert.Equal(chain.ProbabilityOfWaiting, p.ProbabilityOfWaiting, 1e-11);
        Assert.Equal(chain.ProbabilityOfAbandoning, p.ProbabilityOfAbandoning, 1e-11);
        Assert.Equal(chain.Occupancy, p.Occupancy, 1e-11);
    }

    [Theory]
    [MemberData(nameof(SmallQueues))]
    public void ServiceLevel_MatchesBirthDeathChain(int agents, double erlangs, double patience, double threshold)
    {
        var chain = new BirthDeathQueue(agents, erlangs, Aht, patience);

        Assert.Equal(chain.ServiceLevel(threshold), ErlangA.Evaluate(agents, erlangs, Aht, patience, threshold).ServiceLevel, 1e-9);
    }

    [Theory]
    [MemberData(nameof(SmallQueues))]
    public void AverageSpeedOfAnswer_MatchesBirthDeathChain(int agents, double erlangs, double patience, double threshold)
    {
        var chain = new BirthDeathQueue(agents, erlangs, Aht, patience);
        var asa = ErlangA.Evaluate(agents, erlangs, Aht, patience, threshold).AverageSpeedOfAnswerSeconds;

        Assert.Equal(chain.AverageSpeedOfAnswer, asa, chain.AverageSpeedOfAnswer * 1e-9);
    }

    [Theory]
    [MemberData(nameof(SmallQueues))]
    public void AnsweredAndAbandoned_AddUpToAllCalls(int agents, double erlangs, double patience, double threshold)
    {
        // Answered share = carried traffic / offered traffic = occupancy·N/A.
        var p = ErlangA.Evaluate(agents, erlangs, Aht, patience, threshold);

        Assert.Equal(1, p.Occupancy * agents / erlangs + p.ProbabilityOfAbandoning, 1e-12);
    }

    [Fact]
    public void ServiceLevel_NeverExceedsShareAnswered()
    {
        var p = ErlangA.Evaluate(8, 10, Aht, 90, 1e6);

        Assert.Equal(1 - p.ProbabilityOfAbandoning, p.ServiceLevel, 1e-12);
    }

    [Fact]
    public void PublishedCase_WithTwoMinutePatience_NeedsTwelveAgents()
    {
        // Abandonment shortens the queue: fewer agents than Erlang C's 14 reach 80/20.
        var result = ErlangA.AgentsNeeded(10, Aht, 120, new ServiceLevelTarget(0.8, Threshold))!.Value;

        Assert.Equal(12, result.Agents);
        Assert.InRange(result.ServiceLevel, 0.8, 1);
        Assert.True(ErlangA.Evaluate(11, 10, Aht, 120, Threshold).ServiceLevel < 0.8);
        Assert.InRange(result.ProbabilityOfAbandoning, 0.01, 0.1);
    }

    [Theory]
    [InlineData(14, 10.0)]
    [InlineData(3, 1.2)]
    [InlineData(60, 52.0)]
    public void PatienceGrowingWithoutBound_TendsToErlangC(int agents, double erlangs)
    {
        var c = ErlangC.Evaluate(agents, erlangs, Aht, Threshold);
        var previousGap = double.PositiveInfinity;
        foreach (var patience in new[] { 1e3, 1e4, 1e5, 1e6, 1e7, 1e8 })
        {
            var a = ErlangA.Evaluate(agents, erlangs, Aht, patience, Threshold);
            var gap = Math.Max(Math.Abs(a.ServiceLevel - c.ServiceLevel), Math.Abs(a.ProbabilityOfWaiting - c.ProbabilityOfWaiting));
            Assert.True(gap < previousGap, $"gap {gap} at patience {patience} did not shrink from {previousGap}");
            previousGap = gap;
        }
        var patient = ErlangA.Evaluate(agents, erlangs, Aht, 1e9, Threshold);
        Assert.Equal(c.ServiceLevel, patient.ServiceLevel, 1e-6);
        Assert.Equal(c.ProbabilityOfWaiting, patient.ProbabilityOfWaiting, 1e-6);
        Assert.Equal(c.AverageSpeedOfAnswerSeconds, patient.AverageSpeedOfAnswerSeconds, 1e-4);
        Assert.Equal(c.Occupancy, patient.Occupancy, 1e-6);
        Assert.Equal(0, patient.ProbabilityOfAbandoning, 1e-6);
    }

    [Fact]
    public void PatientCallers_NeedTheErlangCAgents() =>
        Assert.Equal(14, ErlangA.AgentsNeeded(10, Aht, 1e8, new ServiceLevelTarget(0.8, Threshold))!.Value.Agents);

    [Fact]
    public void NoPatience_IsTheErlangBLossSystem()
    {
        // Callers who find every agent busy hang up at once: P(wait) = P(abandon) = B(N, A).
        var p = ErlangA.Evaluate(14, 10, Aht, 1e-9, Threshold);
        var b = ErlangB.BlockingProbability(14, 10);

        Assert.Equal(b, p.ProbabilityOfWaiting, 1e-9);
        Assert.Equal(b, p.ProbabilityOfAbandoning, 1e-9);
        Assert.Equal(1 - b, p.ServiceLevel, 1e-9);
    }

    [Fact]
    public void FewerAgentsThanErlangs_StillStable()
    {
        var p = ErlangA.Evaluate(5, 10, Aht, 60, Threshold);

        Assert.True(double.IsFinite(p.AverageSpeedOfAnswerSeconds));
        Assert.InRange(p.ProbabilityOfAbandoning, 0.5, 1);   // at most 5 of 10 Erlangs can be carried
        Assert.InRange(p.Occupancy, 0.9, 1);
        Assert.InRange(p.ServiceLevel, 0, 0.5);
    }

    [Fact]
    public void OverloadedWithPatientCallers_StaysFinite()
    {
        // λ/θ far above Nμ/θ: the sums start at their peak instead of walking a million terms up to it.
        var p = ErlangA.Evaluate(10, 40_000, Aht, 1e6, Threshold);

        Assert.Equal(1, p.ProbabilityOfWaiting, 1e-12);
        Assert.Equal(1 - 10.0 / 40_000, p.ProbabilityOfAbandoning, 1e-9);
        Assert.True(double.IsFinite(p.AverageSpeedOfAnswerSeconds) && p.AverageSpeedOfAnswerSeconds > 0);
    }

    [Theory]
    [InlineData(14, 1e-100)]
    [InlineData(14, 1e-288)]
    [InlineData(50_000, 1e-3)]
    public void TinyTraffic_NobodyWaitsAndNothingOverflows(int agents, double erlangs)
    {
        var p = ErlangA.Evaluate(agents, erlangs, 14, 1, 20);

        Assert.Equal((1.0, 0.0, 0.0), (p.ServiceLevel, p.ProbabilityOfWaiting, p.ProbabilityOfAbandoning));
        Assert.Equal(erlangs / agents, p.Occupancy, erlangs / agents * 1e-9);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(1800.0)]
    public void HopelesslyOverloaded_ServiceLevelUnderflowsToZeroNotNaN(double threshold)
    {
        // 9 agents, 1,800 Erlangs, patience of two handle times: nearly everyone abandons.
        var p = ErlangA.Evaluate(9, 1800, 1800, 3600, threshold);

        Assert.Equal(0, p.ServiceLevel);
        Assert.Equal(1 - 9.0 / 1800, p.ProbabilityOfAbandoning, 1e-12);
        Assert.True(double.IsFinite(p.AverageSpeedOfAnswerSeconds));
    }

    [Fact]
    public void ZeroTraffic_NobodyWaits() =>
        Assert.Equal(new QueuePerformance(4, 1, 0, 0, 0, 0), ErlangA.Evaluate(4, 0, Aht, 60, Threshold));

    [Fact]
    public void AgentsNeeded_IsTheFewestThatMeetTheTarget()
    {
        var target = new ServiceLevelTarget(0.9, 30);
        foreach (var (erlangs, patience) in new[] { (0.4, 30.0), (3.0, 120.0), (25.0, 60.0), (250.0, 300.0), (2500.0, 90.0) })
        {
            var n = ErlangA.AgentsNeeded(erlangs, Aht, patience, target)!.Value.Agents;
            Assert.True(ErlangA.Evaluate(n, erlangs, Aht, patience, 30).ServiceLevel >= 0.9);
            Assert.True(n == 1 || ErlangA.Evaluate(n - 1, erlangs, Aht, patience, 30).ServiceLevel < 0.9);
        }
    }

    [Fact]
    public void OccupancyCap_AddsAgentsBeyondTheServiceLevelNeed()
    {
        var capped = ErlangA.AgentsNeeded(10, Aht, 120, new ServiceLevelTarget(0.8, Threshold, MaxOccupancy: 0.6))!.Value;

        Assert.True(capped.Occupancy <= 0.6);
        Assert.True(ErlangA.Evaluate(capped.Agents - 1, 10, Aht, 120, Threshold).Occupancy > 0.6);
    }

    [Fact]
    public void TrafficBeyondFiftyThousandAgents_HasNoAnswer() =>
        Assert.Null(ErlangA.AgentsNeeded(70_000, Aht, 600, new ServiceLevelTarget(0.95, Threshold)));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.PositiveInfinity)]
    public void BadPatience_Throws(double patience) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(14, 10, Aht, patience, Threshold));

    [Fact]
    public void PatienceBeyondTheModelsRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangA.Evaluate(50_000, 40_000, 1, 1e12, Threshold));
}
