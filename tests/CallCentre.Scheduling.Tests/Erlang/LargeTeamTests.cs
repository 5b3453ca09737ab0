using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

/// <summary>Thousands of agents: the figures stay finite, in range and monotone in N.</summary>
public class LargeTeamTests
{
    private const double Aht = 300, Threshold = 20;

    [Theory]
    [InlineData(2_000.0)]
    [InlineData(12_345.6)]
    [InlineData(49_000.0)]
    public void ErlangC_FromTrafficToFiftyThousandAgents_FiniteAndMonotone(double erlangs)
    {
        var previous = new QueuePerformance(0, 0, 1, double.PositiveInfinity, 1, 0);
        for (var n = (int)erlangs + 1; n <= ErlangC.MaxAgents; n += n < erlangs + 500 ? 1 : 97)
        {
            var p = ErlangC.Evaluate(n, erlangs, Aht, Threshold);
            Assert.InRange(p.ServiceLevel, previous.ServiceLevel, 1);
            Assert.InRange(p.ProbabilityOfWaiting, 0, previous.ProbabilityOfWaiting);
            Assert.InRange(p.AverageSpeedOfAnswerSeconds, 0, previous.AverageSpeedOfAnswerSeconds);
            Assert.InRange(p.Occupancy, 0, previous.Occupancy);
            previous = p;
        }
        Assert.Equal(1, previous.ServiceLevel);
    }

    [Fact]
    public void ErlangC_FiftyThousandAgents_MatchesSquareRootStaffingLimit()
    {
        // Halfin-Whitt: with N = A + β√A, P(wait) → [1 + β·Φ(β)/φ(β)]^-1. β = 1 gives 0.2169 (to O(1/√A)).
        const double erlangs = 49_000;
        var agents = (int)Math.Round(erlangs + Math.Sqrt(erlangs));
        Assert.Equal(0.2169, ErlangC.ProbabilityOfWaiting(agents, erlangs), 0.01);
    }

    [Fact]
    public void ErlangC_AgentsNeededForFortyNineThousandErlangs_IsJustAboveTraffic()
    {
        var result = ErlangC.AgentsNeeded(49_000, Aht, new ServiceLevelTarget(0.8, Threshold))!.Value;

        Assert.InRange(result.Agents, 49_001, 49_100);
        Assert.InRange(result.ServiceLevel, 0.8, 0.85);
        Assert.True(ErlangC.ServiceLevel(result.Agents - 1, 49_000, Aht, Threshold) < 0.8);
    }

    [Fact]
    public void ErlangC_FewErlangsFiftyThousandAgents_NobodyWaits()
    {
        var p = ErlangC.Evaluate(ErlangC.MaxAgents, 3, Aht, Threshold);

        Assert.Equal(0, p.ProbabilityOfWaiting);
        Assert.Equal(1, p.ServiceLevel);
    }

    [Fact]
    public void ErlangB_FiftyThousandServers_FiniteAndMonotone()
    {
        var previous = 1.0;
        for (var n = 48_000; n <= 50_000; n += 7)
        {
            var b = ErlangB.BlockingProbability(n, 49_000);
            Assert.InRange(b, 0, previous);
            previous = b;
        }
        Assert.True(previous < 1e-3);
    }

    [Theory]
    [InlineData(5_000.0, 120.0)]
    [InlineData(30_000.0, 600.0)]
    public void ErlangA_ThousandsOfAgents_FiniteAndMonotone(double erlangs, double patience)
    {
        const double slack = 1e-12;   // rounding where a figure is flat at 0 or 1
        var previous = new QueuePerformance(0, 0, 1, double.PositiveInfinity, 1, 1);
        for (var n = (int)(erlangs * 0.9); n <= erlangs * 1.05; n += 37)
        {
            var p = ErlangA.Evaluate(n, erlangs, Aht, patience, Threshold);
            Assert.InRange(p.ServiceLevel, previous.ServiceLevel * (1 - slack), 1);
            Assert.InRange(p.ProbabilityOfWaiting, 0, previous.ProbabilityOfWaiting + slack);
            Assert.InRange(p.ProbabilityOfAbandoning, 0, previous.ProbabilityOfAbandoning + slack);
            Assert.InRange(p.AverageSpeedOfAnswerSeconds, 0, previous.AverageSpeedOfAnswerSeconds);
            Assert.InRange(p.Occupancy, 0, previous.Occupancy + slack);
            previous = p;
        }
        Assert.InRange(previous.ServiceLevel, 0.99, 1);
    }

    [Fact]
    public void ErlangA_ManyAgentsTooFewForTheTraffic_ServiceLevelTinyButNotZero()
    {
        // 90 % of the agents 30,000 Erlangs need: the queue settles where abandonment drains the
        // excess, every caller waits about a minute, and the share answered within 20 s is tiny.
        var p = ErlangA.Evaluate(27_000, 30_000, Aht, 600, Threshold);

        Assert.InRange(p.ServiceLevel, 1e-80, 1e-50);
        Assert.Equal(0.1, p.ProbabilityOfAbandoning, 1e-12);       // 1 - N/A: every agent busy
        Assert.InRange(p.AverageSpeedOfAnswerSeconds, 55, 70);
    }

    [Fact]
    public void ErlangA_AgentsNeededForTwentyThousandErlangs_IsBelowErlangC()
    {
        // Impatient callers (3-minute patience, 5-minute AHT) shed load: fewer agents than Erlang C
        // meet 80/20, because callers who would wait long hang up and leave the line short.
        var target = new ServiceLevelTarget(0.8, Threshold);
        var c = ErlangC.AgentsNeeded(20_000, Aht, target)!.Value.Agents;
        var a = ErlangA.AgentsNeeded(20_000, Aht, 180, target)!.Value;

        Assert.InRange(a.Agents, 15_000, c - 1);
        Assert.InRange(a.ServiceLevel, 0.8, 0.81);
        Assert.True(ErlangA.Evaluate(a.Agents - 1, 20_000, Aht, 180, Threshold).ServiceLevel < 0.8);
    }
}
