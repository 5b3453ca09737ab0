using CallCentre.Scheduling.Rostering;
using static CallCentre.Scheduling.Tests.Rostering.RosterSamples;

namespace CallCentre.Scheduling.Tests.Rostering;

public class RosterSolverTests
{
    private static readonly RosterRules Rules = new();

    private static RosterSolution SolveAndValidate(RosterProblem problem, RosterOptions? options = null, CancellationToken token = default)
    {
        var solution = RosterSolver.Solve(problem, options ?? Deterministic(), token);
        Assert.Empty(RosterValidator.Validate(problem, solution.Shifts, solution.Coverage));
        return solution;
    }

    [Fact]
    public void HandComputedInstance_SolvedToKnownOptimum()
    {
        // Monday needs sales and support 09–13, Tuesday sales 09–11; one fixed 09:00–13:00 template; a1 (sales) is off on Monday,
        // a2 has both skills. Monday: a2 alone covers one of two needs (8 agent-intervals missing). Tuesday: a shift covers 09–11
        // and idles 11–13 (4 over). Paid: two 4 h shifts = 16 half-hours. P = 2 agents × 1 week × min(44 h, 7 × 4 h) / 30 min = 112,
        // so Over = 113 and Under = 113 × 112 + 113 = 12,769: the objective is 12,769 × 8 + 113 × 4 + 16 = 102,620.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("T4", 4, 9)],
            [new RosterAgent("a1", ["sales"], [Monday]), new RosterAgent("a2", ["sales", "support"])],
            [.. Need("sales", 0, 9, 13), .. Need("support", 0, 9, 13), .. Need("sales", 1, 9, 11)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Equal(new ObjectiveWeights(12_769, 113, 1), solution.Weights);
        Assert.Equal(8, solution.UnderStaffed);
        Assert.Equal(4, solution.OverStaffed);
        Assert.Equal(8.0, solution.PaidHours);
        Assert.Equal(102_620, solution.Objective);
        Assert.Equal(102_620, solution.BestBound);
        Assert.Equal(0, solution.Gap);
        Assert.Equal(2, solution.Shifts.Count);
        Assert.Contains(solution.Shifts, s => s.AgentId == "a2" && s.Start == At(0, 9) && s.End == At(0, 13));
        Assert.Contains(solution.Shifts, s => s.Start == At(1, 9));
        var monday10 = solution.Coverage.Single(c => c.Start == At(0, 10));
        Assert.Equal((2, 1, 1, 1, 0), (monday10.Required, monday10.OnDuty, monday10.Covered, monday10.Under, monday10.Over));
    }

    [Fact]
    public void LunchWindow_LunchPlacedInTheHourNobodyIsNeeded()
    {
        // Needed 09–12 and 13–15; a 6 h shift from 09:00 with a 1 h lunch starting 2 to 3 h in. Lunch 12–13 leaves nothing uncovered
        // and nobody idle; paid 5 h = 10 half-hours, the whole objective.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("six", 6, 9, lunch: new BreakRule(60, 120, 180))],
            [new RosterAgent("a1", ["cards"])], [.. Need("cards", 0, 9, 12), .. Need("cards", 0, 13, 15)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Equal(10, solution.Objective);
        var shift = Assert.Single(solution.Shifts);
        Assert.Equal(new TimeRange(At(0, 12), At(0, 13)), shift.Lunch);
        Assert.Null(shift.Break);
        Assert.Equal((0, 0), (solution.UnderStaffed, solution.OverStaffed));
    }

    [Fact]
    public void RestBetweenLateAndEarlyShift_OnlyOneOfThemWorked()
    {
        // Monday 20–24 then Tuesday 06–10: 6 h apart, less than the 11 h rest, so one block stays uncovered.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("late", 4, 20), Fixed("early", 4, 6)],
            [new RosterAgent("a1", ["cards"])], [.. Need("cards", 0, 20, 24), .. Need("cards", 1, 6, 10)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Single(solution.Shifts);
        Assert.Equal((8, 0, 4.0), (solution.UnderStaffed, solution.OverStaffed, solution.PaidHours));
    }

    [Fact]
    public void RestAcrossTheWeekBoundary_LastWeeksLateShiftDelaysMondaysStart()
    {
        // Last week's shift ended Sunday 23:00: with 11 h of rest nothing may start before Monday 10:00, so the 06:00 shift is
        // out and the 10:00 one covers what it can.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("early", 4, 6), Fixed("mid", 4, 10)],
            [new RosterAgent("a1", ["cards"], LastShiftEnd: At(-1, 23))], [.. Need("cards", 0, 6, 14)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        var shift = Assert.Single(solution.Shifts);
        Assert.Equal(At(0, 10), shift.Start);
        Assert.Equal(8, solution.UnderStaffed);   // 06:00–10:00 in half hours

        // Without last week's shift the same team starts at 06:00 or 10:00 alike (4 h either way): the rule is what moved it.
        var free = SolveAndValidate(problem with { Agents = [new RosterAgent("a1", ["cards"])] });
        Assert.Equal(8, free.UnderStaffed);
        Assert.Contains(RosterValidator.Validate(problem, [shift with { Start = At(0, 6), End = At(0, 10) }], free.Coverage),
            v => v.Rule == RosterRule.Rest);
    }

    [Fact]
    public void WeeklyCapOfTwentyHours_TwoEightHourShifts()
    {
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("day", 8, 9)], [new RosterAgent("a1", ["cards"])],
            [.. Enumerable.Range(0, 7).SelectMany(d => Need("cards", d, 9, 17))], new RosterRules(MaxWeeklyMinutes: 1200, MinDaysOffPerWeek: 0));

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Equal(2, solution.Shifts.Count);
        Assert.Equal(7 * 16 - 2 * 16, solution.UnderStaffed);
    }

    [Fact]
    public void TwoDaysOffPerWeek_FiveShifts()
    {
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("day", 8, 9)], [new RosterAgent("a1", ["cards"])],
            [.. Enumerable.Range(0, 7).SelectMany(d => Need("cards", d, 9, 17))], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(5, solution.Shifts.Count);
        Assert.Equal(2 * 16, solution.UnderStaffed);
        Assert.Equal(40.0, solution.PaidHours);
    }

    [Fact]
    public void AgentWithoutTheSkill_NotScheduled()
    {
        // Sales needs two; the support agent cannot count toward it, and working would only add idle time and cost.
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("T4", 4, 9)],
            [new RosterAgent("sales1", ["sales"]), new RosterAgent("support1", ["support"])], [.. Need("sales", 0, 9, 13, agents: 2)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(RosterStatus.Optimal, solution.Status);
        Assert.Equal("sales1", Assert.Single(solution.Shifts).AgentId);
        Assert.Equal((8, 0), (solution.UnderStaffed, solution.OverStaffed));
    }

    [Fact]
    public void MultiSkilledAgent_CoversTheGroupTheOtherCannot()
    {
        var problem = new RosterProblem(Monday, 1, 30, [Fixed("T4", 4, 9)],
            [new RosterAgent("both", ["sales", "support"]), new RosterAgent("sales1", ["sales"])],
            [.. Need("sales", 0, 9, 13), .. Need("support", 0, 9, 13)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(2, solution.Shifts.Count);
        Assert.Equal((0, 0), (solution.UnderStaffed, solution.OverStaffed));
        Assert.All(solution.Coverage.Where(c => c.Required > 0), c => Assert.All(c.Groups, g => Assert.Equal(1, g.Covered)));
    }

    [Fact]
    public void UnavailableMorning_ShiftStartsAfterIt()
    {
        var template = new ShiftTemplate("four", 240, new TimeOnly(9, 0), new TimeOnly(10, 0), 60);
        var problem = new RosterProblem(Monday, 1, 30, [template],
            [new RosterAgent("a1", ["cards"], Unavailable: [new TimeRange(At(0, 8), At(0, 10))])], [.. Need("cards", 0, 9, 14)], Rules);

        var solution = SolveAndValidate(problem);

        Assert.Equal(At(0, 10), Assert.Single(solution.Shifts).Start);
        Assert.Equal(2, solution.UnderStaffed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomWeek_EveryScheduleKeepsEveryRule(int seed)
    {
        var problem = Random(seed);

        var solution = SolveAndValidate(problem, Deterministic(seconds: 2));

        Assert.NotEqual(RosterStatus.NoSolution, solution.Status);
        Assert.NotEmpty(solution.Shifts);
        Assert.True(solution.BestBound <= solution.Objective);
        Assert.Equal(problem.Intervals, solution.Coverage.Count);
    }

    [Fact]
    public void RandomFortnightInQuarterHours_EveryScheduleKeepsEveryRule()
    {
        var problem = Random(11, agents: 5, weeks: 2, width: 15);

        var solution = SolveAndValidate(problem, Deterministic(seconds: 3));

        Assert.NotEqual(RosterStatus.NoSolution, solution.Status);
        Assert.Equal(14 * 96, solution.Coverage.Count);
        Assert.All(solution.Shifts, s => Assert.Equal(0, s.Start.Minute % 15));
    }

    [Fact]
    public void LongSolve_ReportsEachBetterSchedule()
    {
        var recorder = new Recorder();

        var solution = SolveAndValidate(Random(5, agents: 8), Deterministic(seconds: 3, progress: recorder));

        Assert.NotEmpty(recorder.Reports);
        Assert.Equal(solution.Solutions, recorder.Reports.Count);
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(p => p.Second.Objective <= p.First.Objective));
        Assert.Equal(solution.Objective, recorder.Reports[^1].Objective);
    }

    [Fact]
    public void StoppedAtFirstSchedule_ReturnsItAndKeepsEveryRule()
    {
        using var stop = new CancellationTokenSource();
        var recorder = new Recorder { OnReport = _ => stop.Cancel() };

        var solution = SolveAndValidate(Random(6, agents: 12), Deterministic(seconds: 30, progress: recorder), stop.Token);

        Assert.NotEqual(RosterStatus.NoSolution, solution.Status);
        Assert.NotEmpty(solution.Shifts);
        Assert.Equal(recorder.Reports[^1].Objective, solution.Objective);
        Assert.True(solution.Solutions <= 2);
    }

    [Fact]
    public void CancelledBeforeStart_NoSolution()
    {
        var solution = RosterSolver.Solve(Random(1), Deterministic(), new CancellationToken(canceled: true));

        Assert.Equal(RosterStatus.NoSolution, solution.Status);
        Assert.Empty(solution.Shifts);
        Assert.Null(solution.Objective);
    }

    [Fact]
    public void InvalidProblem_ThrowsNamingTheRule()
    {
        var problem = Random(1) with { IntervalMinutes = 20 };

        var error = Assert.Throws<ArgumentException>(() => RosterSolver.Solve(problem, Deterministic()));

        Assert.Contains("intervalMinutes", error.Message);
    }
}
