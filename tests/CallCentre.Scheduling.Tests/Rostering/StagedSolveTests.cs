using CallCentre.Scheduling.Rostering;
using static CallCentre.Scheduling.Tests.Rostering.RosterSamples;

namespace CallCentre.Scheduling.Tests.Rostering;

/// <summary>The staged solve: each stage's value and bound on instances whose optimum is known by hand, and that no stage
/// gives back what an earlier one reached.</summary>
public class StagedSolveTests
{
    private static RosterSolution SolveAndValidate(RosterProblem problem, RosterOptions? options = null)
    {
        var solution = RosterSolver.Solve(problem, options ?? Deterministic());
        Assert.Empty(RosterValidator.Validate(problem, solution.Shifts, solution.Coverage));
        return solution;
    }

    /// <summary>Monday 08–11 one agent, 11–13 two, 13–16 one; 4 h shifts start on the hour from 08:00 to 12:00. 08:00 and
    /// 12:00 are forced (nothing else covers 08–09 and 15–16); the second agent for 11–13 starts at 09, 10 or 11 and idles
    /// 2 h whichever: under 0, over 4 half-hours, paid 3 × 8 half-hours. A fourth agent stays home.</summary>
    private static RosterProblem Staircase() => new(Monday, 1, 30,
        [new ShiftTemplate("four", 240, new TimeOnly(8, 0), new TimeOnly(12, 0), 60)],
        [.. Enumerable.Range(1, 4).Select(i => new RosterAgent($"a{i}", ["cards"]))],
        [.. Need("cards", 0, 8, 11), .. Need("cards", 0, 11, 13, agents: 2), .. Need("cards", 0, 13, 16)], new RosterRules());

    [Fact]
    public void Staircase_EachStageAtItsHandComputedOptimumWithBoundEqualToIt()
    {
        var solution = SolveAndValidate(Staircase());

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Equal([RosterStage.UnderStaffing, RosterStage.OverStaffing, RosterStage.Cost], solution.Stages.Select(s => s.Stage));
        Assert.Equal([0L, 4L, 24L], solution.Stages.Select(s => s.Objective!.Value));
        Assert.All(solution.Stages, s =>
        {
            Assert.Equal(RosterStatus.Optimal, s.Status);
            Assert.Equal(s.Objective, s.BestBound);
            Assert.Equal(0, s.Gap);
        });
        Assert.Equal((0, 4, 12.0), (solution.UnderStaffed, solution.OverStaffed, solution.PaidHours));
        Assert.Equal(3, solution.Shifts.Count);
        Assert.Contains(solution.Shifts, s => s.Start == At(0, 8));
        Assert.Contains(solution.Shifts, s => s.Start == At(0, 12));
        Assert.Equal(solution.Objective, solution.BestBound);
    }

    [Fact]
    public void TeamTooSmall_StageOneProvesTheShortfall()
    {
        // Two needed 09–13, one agent: 8 half-hours short whatever the schedule, and the bound says so.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("T4", 4, 9)], [new RosterAgent("a1", ["cards"])],
            [.. Need("cards", 0, 9, 13, agents: 2)], new RosterRules());

        var stage = SolveAndValidate(problem).Stages[0];

        Assert.Equal((RosterStatus.Optimal, 8L, 8L), (stage.Status, stage.Objective, stage.BestBound));
    }

    [Fact]
    public void EqualCoverage_CostStageTakesTheCheaperShift()
    {
        // Both templates are on the phones 09–13; "padded" pays a further hour of break after it. Stages 1 and 2 cannot tell
        // them apart; stage 3 can.
        var padded = new ShiftTemplate("padded", 300, new TimeOnly(9, 0), new TimeOnly(9, 0), 30, Break: new BreakRule(60, 240, 240));
        var problem = new RosterProblem(Monday, 1, 30, [padded, Fixed("plain", 4, 9)], [new RosterAgent("a1", ["cards"])],
            [.. Need("cards", 0, 9, 13)], new RosterRules());

        var solution = SolveAndValidate(problem);

        Assert.Equal("plain", Assert.Single(solution.Shifts).Template);
        Assert.Equal([0L, 0L, 8L], solution.Stages.Select(s => s.Objective!.Value));
        Assert.Equal(RosterStatus.Optimal, solution.Stages[2].Status);
    }

    [Theory]
    [InlineData(2, 12)]
    [InlineData(4, 16)]
    [InlineData(7, 20)]
    public void ShortBudget_LaterStagesNeverGiveBackAndBoundsStayBelow(int seed, int agents)
    {
        var problem = Random(seed, agents: agents, width: 15);

        var solution = SolveAndValidate(problem, Deterministic(seconds: 3));

        Assert.NotEqual(RosterStatus.NoSolution, solution.Status);
        Assert.Equal(3, solution.Stages.Count);
        var (under, over, cost) = (solution.Stages[0], solution.Stages[1], solution.Stages[2]);
        Assert.True(solution.UnderStaffed <= under.Objective);
        Assert.True(solution.OverStaffed <= over.Objective);
        Assert.Equal(cost.Objective, solution.Shifts.Sum(s => problem.Templates.Single(t => t.Name == s.Template).PaidMinutes) / 15);
        Assert.All(solution.Stages, s =>
        {
            Assert.InRange(s.BestBound!.Value, 0, s.Objective!.Value);
            Assert.Equal((double)(s.Objective.Value - s.BestBound.Value) / Math.Max(1, s.Objective.Value), s.Gap);
            if (s.Status == RosterStatus.Optimal) Assert.Equal(s.Objective, s.BestBound);
        });
        Assert.True(solution.BestBound <= solution.Objective);
    }

    [Fact]
    public void OneWorkerFixedSeed_SameScheduleTwice()
    {
        var options = Deterministic();

        var first = SolveAndValidate(Staircase(), options);
        var second = SolveAndValidate(Staircase(), options);

        Assert.Equal(first.Shifts, second.Shifts);
        Assert.Equal(first.Stages.Select(s => (s.Objective, s.BestBound)), second.Stages.Select(s => (s.Objective, s.BestBound)));
    }

    [Fact]
    public void Progress_ReportsEachStageInTurnWithItsBoundBelowItsObjective()
    {
        var recorder = new Recorder();

        var solution = SolveAndValidate(Staircase(), Deterministic(progress: recorder));

        var reports = recorder.Reports;
        Assert.Equal([RosterStage.UnderStaffing, RosterStage.OverStaffing, RosterStage.Cost], reports.Select(r => r.Stage).Distinct());
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Stage >= p.First.Stage));
        Assert.All(reports, r => Assert.InRange(r.StageBound, 0, r.StageObjective));
        Assert.Equal(solution.Stages[2].Objective, reports[^1].StageObjective);
    }
}

/// <summary>The linear relaxation's bounds (docs/rostering.md): never above a proven optimum, and tight where the hand-computed
/// optimum is also the relaxation's.</summary>
public class RosterRelaxationTests
{
    private const double Limit = 10;

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 5)]
    [InlineData(3, 6)]
    [InlineData(5, 4)]
    [InlineData(8, 6)]
    [InlineData(13, 5)]
    public void ProvenOptimum_EachStageBoundAtMostIt(int seed, int agents)
    {
        var problem = RosterSamples.Random(seed, agents: agents);
        var solution = RosterSolver.Solve(problem, RosterSamples.Deterministic(seconds: 30));
        Assert.All(solution.Stages, s => Assert.Equal(RosterStatus.Optimal, s.Status));
        var optima = solution.Stages.Select(s => s.Objective!.Value).ToArray();

        var bounds = RosterSolver.RelaxationBounds(problem, optima[0], optima[1], Limit);

        Assert.All(bounds.Zip(optima), p => Assert.InRange(p.First!.Value, 0, p.Second));
        Assert.True(bounds[2] > 0, "the cost bound counts the required agent-intervals at least");
    }

    [Fact]
    public void LoadedMachineAndTinyBudget_StageBoundIsStillTheRelaxations()
    {
        // Six agents for four around the clock all week: at most 480 of the 1,344 agent-intervals can be covered.
        var problem = new RosterProblem(Monday, 1, 30, [new ShiftTemplate("eight", 480, new TimeOnly(0, 0), new TimeOnly(16, 0), 60)],
            [.. Enumerable.Range(1, 6).Select(i => new RosterAgent($"a{i}", ["cards"]))],
            [.. Enumerable.Range(0, 7).SelectMany(d => Need("cards", d, 0, 24, agents: 4))], new RosterRules());
        var relaxed = RosterSolver.RelaxationBounds(problem, 0, 0, RosterSolver.MinRelaxationWork)[0];
        using var stop = new CancellationTokenSource();
        var hogs = Enumerable.Range(0, 2 * Environment.ProcessorCount)
            .Select(_ => new Thread(() => { while (!stop.IsCancellationRequested) { } }) { IsBackground = true }).ToList();
        hogs.ForEach(h => h.Start());

        RosterSolution solution;
        try { solution = RosterSolver.Solve(problem, Deterministic(seconds: 0.2)); }
        finally { stop.Cancel(); }
        hogs.ForEach(h => h.Join());

        Assert.True(relaxed >= 1344 - 480, $"relaxation bound {relaxed}");
        Assert.InRange(solution.Stages[0].BestBound!.Value, relaxed!.Value, solution.Stages[0].Objective!.Value);
    }

    [Fact]
    public void TeamTooSmall_RelaxationAloneProvesTheShortfall()
    {
        var problem = new RosterProblem(RosterSamples.Monday, 1, 30, [RosterSamples.Fixed("T4", 4, 9)], [new RosterAgent("a1", ["cards"])],
            [.. RosterSamples.Need("cards", 0, 9, 13, agents: 2)], new RosterRules());

        Assert.Equal([8L, 0L, 8L], RosterSolver.RelaxationBounds(problem, 8, 0, Limit));
    }

    [Fact]
    public void Staircase_RelaxationMeetsTheHandComputedOptimaOfEveryStage()
    {
        var problem = new RosterProblem(RosterSamples.Monday, 1, 30,
            [new ShiftTemplate("four", 240, new TimeOnly(8, 0), new TimeOnly(12, 0), 60)],
            [.. Enumerable.Range(1, 4).Select(i => new RosterAgent($"a{i}", ["cards"]))],
            [.. RosterSamples.Need("cards", 0, 8, 11), .. RosterSamples.Need("cards", 0, 11, 13, agents: 2), .. RosterSamples.Need("cards", 0, 13, 16)],
            new RosterRules());

        Assert.Equal([0L, 4L, 24L], RosterSolver.RelaxationBounds(problem, 0, 4, Limit));
    }

    [Fact]
    public void RestBetweenDays_TightensTheBoundBelowWhatHoursAloneAllow()
    {
        // One agent, a 22:00–24:00 need on Monday and a 06:00–08:00 need on Tuesday: the 11 h rest lets one of them be covered.
        var late = new ShiftTemplate("late", 120, new TimeOnly(22, 0), new TimeOnly(22, 0), 60);
        var early = new ShiftTemplate("early", 120, new TimeOnly(6, 0), new TimeOnly(6, 0), 60);
        var problem = new RosterProblem(RosterSamples.Monday, 1, 30, [late, early], [new RosterAgent("a1", ["cards"])],
            [.. RosterSamples.Need("cards", 0, 22, 24), .. RosterSamples.Need("cards", 1, 6, 8)], new RosterRules());

        Assert.Equal(4L, RosterSolver.RelaxationBounds(problem, 4, 0, Limit)[0]);
    }
}
