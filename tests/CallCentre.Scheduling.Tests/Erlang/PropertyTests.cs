using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

/// <summary>Invariants over many seeded random queues (seeded: the same cases every run).</summary>
public class PropertyTests
{
    private static IEnumerable<(int Agents, double Erlangs, double Aht, double Patience, double Threshold)> Queues(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var erlangs = Math.Exp(random.NextDouble() * Math.Log(5_000)) - 0.9;   // 0.1 to 5,000, log-spread
            var agents = Math.Max(1, (int)(erlangs * (0.7 + 0.6 * random.NextDouble())) + random.Next(0, 4));
            yield return (agents, erlangs, 30 + 600 * random.NextDouble(), 5 + 900 * random.NextDouble(), 60 * random.NextDouble());
        }
    }

    [Fact]
    public void ErlangC_ProbabilitiesStayBetweenZeroAndOne()
    {
        foreach (var q in Queues(1, 400))
        {
            var p = ErlangC.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Threshold);
            Assert.InRange(p.ProbabilityOfWaiting, 0, 1);
            Assert.InRange(p.ServiceLevel, 0, 1);
            Assert.InRange(p.Occupancy, 0, 1);
            Assert.True(p.AverageSpeedOfAnswerSeconds >= 0);
        }
    }

    [Fact]
    public void ErlangC_ServiceLevelRisesWithAgents()
    {
        foreach (var q in Queues(2, 200))
            Assert.True(ErlangC.ServiceLevel(q.Agents + 1, q.Erlangs, q.Aht, q.Threshold) >= ErlangC.ServiceLevel(q.Agents, q.Erlangs, q.Aht, q.Threshold));
    }

    [Fact]
    public void ErlangC_ServiceLevelRisesWithThreshold()
    {
        foreach (var q in Queues(3, 200))
            Assert.True(ErlangC.ServiceLevel(q.Agents, q.Erlangs, q.Aht, q.Threshold + 5) >= ErlangC.ServiceLevel(q.Agents, q.Erlangs, q.Aht, q.Threshold));
    }

    [Fact]
    public void ErlangC_WaitProbabilityFallsWithAgentsAndRisesWithTraffic()
    {
        foreach (var q in Queues(4, 200))
        {
            var here = ErlangC.ProbabilityOfWaiting(q.Agents, q.Erlangs);
            Assert.True(ErlangC.ProbabilityOfWaiting(q.Agents + 1, q.Erlangs) <= here);
            Assert.True(ErlangC.ProbabilityOfWaiting(q.Agents, q.Erlangs * 1.01) >= here);
        }
    }

    [Fact]
    public void ErlangC_WaitsMoreOftenThanErlangBBlocks()
    {
        foreach (var q in Queues(5, 200).Where(q => q.Agents > q.Erlangs))
            Assert.True(ErlangC.ProbabilityOfWaiting(q.Agents, q.Erlangs) >= ErlangB.BlockingProbability(q.Agents, q.Erlangs));
    }

    [Fact]
    public void ErlangA_ProbabilitiesStayBetweenZeroAndOne()
    {
        foreach (var q in Queues(6, 300))
        {
            var p = ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold);
            Assert.InRange(p.ProbabilityOfWaiting, 0, 1);
            Assert.InRange(p.ProbabilityOfAbandoning, 0, p.ProbabilityOfWaiting * (1 + 1e-12));
            Assert.InRange(p.ServiceLevel, 0, 1 - p.ProbabilityOfAbandoning + 1e-12);
            Assert.InRange(p.Occupancy, 0, 1);
            Assert.True(double.IsFinite(p.AverageSpeedOfAnswerSeconds) && p.AverageSpeedOfAnswerSeconds >= 0);
        }
    }

    [Fact]
    public void ErlangA_ServiceLevelRisesWithAgentsAndAbandonmentFalls()
    {
        foreach (var q in Queues(7, 200))
        {
            var here = ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold);
            var more = ErlangA.Evaluate(q.Agents + 1, q.Erlangs, q.Aht, q.Patience, q.Threshold);
            Assert.True(more.ServiceLevel >= here.ServiceLevel - 1e-12);
            Assert.True(more.ProbabilityOfAbandoning <= here.ProbabilityOfAbandoning + 1e-12);
            Assert.True(more.Occupancy <= here.Occupancy + 1e-12);
        }
    }

    [Fact]
    public void ErlangA_ServiceLevelRisesWithThreshold()
    {
        foreach (var q in Queues(8, 200))
            Assert.True(ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold + 5).ServiceLevel
                >= ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold).ServiceLevel - 1e-12);
    }

    [Fact]
    public void ErlangA_MorePatienceMeansMoreWaitingAndLessAbandoning()
    {
        foreach (var q in Queues(9, 200))
        {
            var here = ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold);
            var patient = ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience * 2, q.Threshold);
            Assert.True(patient.ProbabilityOfWaiting >= here.ProbabilityOfWaiting - 1e-12);
            Assert.True(patient.ProbabilityOfAbandoning <= here.ProbabilityOfAbandoning + 1e-12);
        }
    }

    [Fact]
    public void ErlangA_AnsweredPlusAbandonedIsEveryCall()
    {
        foreach (var q in Queues(10, 300))
        {
            var p = ErlangA.Evaluate(q.Agents, q.Erlangs, q.Aht, q.Patience, q.Threshold);
            Assert.Equal(1, p.Occupancy * q.Agents / q.Erlangs + p.ProbabilityOfAbandoning, 1e-10);
        }
    }

    [Fact]
    public void ErlangB_BlockingStaysBetweenZeroAndOneAndFallsWithServers()
    {
        foreach (var q in Queues(11, 300))
        {
            var b = ErlangB.BlockingProbability(q.Agents, q.Erlangs);
            Assert.InRange(b, 0, 1);
            Assert.True(ErlangB.BlockingProbability(q.Agents + 1, q.Erlangs) <= b);
        }
    }
}
