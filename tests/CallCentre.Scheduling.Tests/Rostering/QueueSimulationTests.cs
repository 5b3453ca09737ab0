using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Rostering;
using static CallCentre.Scheduling.Tests.Rostering.RosterSamples;

namespace CallCentre.Scheduling.Tests.Rostering;

/// <summary>The queue simulation against Erlang where Erlang's steady state holds, and where it does not.</summary>
public class QueueSimulationTests
{
    /// <summary>A day of half-hours at one constant rate and staffing: 100 calls of 180 s each (10 Erlangs).</summary>
    private static SimulatedInterval[] Constant(int agents, int intervals = 48, double calls = 100) =>
        [.. Enumerable.Range(0, intervals).Select(i => new SimulatedInterval(At(0, 0).AddMinutes(30 * i), agents, calls))];

    /// <summary>Offered-weighted over the intervals after the first two, which start from an empty queue.</summary>
    private static (double ServiceLevel, double AbandonRate) Steady(IReadOnlyList<SimulatedIntervalResult> results)
    {
        var steady = results.Skip(2).ToList();
        var offered = steady.Sum(r => r.Offered);
        return (steady.Sum(r => r.ServiceLevel!.Value * r.Offered) / offered, steady.Sum(r => r.AbandonRate!.Value * r.Offered) / offered);
    }

    [Fact]
    public void ConstantRateNoPatience_AgreesWithErlangC()
    {
        var results = QueueSimulation.Run(Constant(12), new QueueSimulationOptions(30, 180, 20, Runs: 10, Seed: 3));

        var (serviceLevel, abandonRate) = Steady(results);
        var erlang = ErlangC.ServiceLevel(12, 10, 180, 20);             // 0.64
        Assert.InRange(serviceLevel, erlang - 0.03, erlang + 0.03);
        Assert.Equal(0, abandonRate);
        Assert.All(results, r => Assert.Equal(erlang, r.ErlangServiceLevel, 12));
        Assert.InRange(results.Average(r => r.Offered), 95, 105);
    }

    [Fact]
    public void ConstantRateWithPatience_AgreesWithErlangA()
    {
        var results = QueueSimulation.Run(Constant(10), new QueueSimulationOptions(30, 180, 20, PatienceSeconds: 120, Runs: 10, Seed: 5));

        var (serviceLevel, abandonRate) = Steady(results);
        var erlang = ErlangA.Evaluate(10, 10, 180, 120, 20);
        Assert.InRange(serviceLevel, erlang.ServiceLevel - 0.03, erlang.ServiceLevel + 0.03);
        Assert.InRange(abandonRate, erlang.ProbabilityOfAbandoning - 0.02, erlang.ProbabilityOfAbandoning + 0.02);
        Assert.True(erlang.ProbabilityOfAbandoning > 0.05);
    }

    [Fact]
    public void ShortInterval_BacklogLowersTheNextOneBelowErlang()
    {
        // Five agents for 10 Erlangs in the fourth half-hour: about 50 callers are still waiting when fourteen agents come.
        var intervals = Constant(14, intervals: 8);
        intervals[3] = intervals[3] with { Agents = 5 };

        var results = QueueSimulation.Run(intervals, new QueueSimulationOptions(30, 180, 20, Runs: 10));

        Assert.True(results[4].ServiceLevel < results[4].ErlangServiceLevel - 0.2, $"{results[4].ServiceLevel} vs {results[4].ErlangServiceLevel}");
        Assert.InRange(results[1].ServiceLevel!.Value, results[1].ErlangServiceLevel - 0.1, 1);
    }

    [Fact]
    public void SameSeed_SameFigures()
    {
        var options = new QueueSimulationOptions(30, 180, 20, PatienceSeconds: 90, Runs: 2, Seed: 9);

        Assert.Equal(QueueSimulation.Run(Constant(11, 6), options), QueueSimulation.Run(Constant(11, 6), options));
    }

    [Fact]
    public void SolvedRoster_AgentsPerIntervalAreTheGroupsCovered()
    {
        var problem = new RosterProblem(Monday, 1, 30, [new ShiftTemplate("four", 240, new TimeOnly(8, 0), new TimeOnly(12, 0), 60)],
            [.. Enumerable.Range(1, 4).Select(i => new RosterAgent($"a{i}", ["cards"]))],
            [.. Need("cards", 0, 8, 11), .. Need("cards", 0, 11, 13, agents: 2), .. Need("cards", 0, 13, 16)], new RosterRules());
        var roster = RosterSolver.Solve(problem, Deterministic());

        var results = QueueSimulation.Run(roster.Coverage, "cards", t => t.Hour is >= 8 and < 16 ? 10 : 0,
            new QueueSimulationOptions(30, 180, 20, PatienceSeconds: 60, Runs: 3));

        Assert.Equal(roster.Coverage.Select(c => c.Groups.Sum(g => g.Covered)), results.Select(r => r.Agents));
        Assert.Equal(2, results.Single(r => r.Start == At(0, 11)).Agents);
        Assert.All(results.Where(r => r.Start.Hour is < 8 or >= 16), r => Assert.Equal(0, r.Offered));
        Assert.All(results.Where(r => r.Offered > 0), r => Assert.InRange(r.ServiceLevel!.Value + r.AbandonRate!.Value, 0, 1));
    }

    [Fact]
    public void NoRuns_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueSimulation.Run(Constant(1, 1), new QueueSimulationOptions(30, 180, 20, Runs: 0)));
}
