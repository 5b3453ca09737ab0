using CallCentre.Scheduling.Rostering;
using static CallCentre.Scheduling.Tests.Rostering.RosterSamples;

namespace CallCentre.Scheduling.Tests.Rostering;

/// <summary>Hand-made schedules, one rule broken at a time: the validator names exactly that rule.</summary>
public class RosterValidatorTests
{
    // 8.5 h from 08:00, 09:00 or 10:00; a paid 30 min break 2–3 h in, an unpaid 30 min lunch 3.5–5 h in.
    private static readonly ShiftTemplate Day = new("day", 510, new TimeOnly(8, 0), new TimeOnly(10, 0), 60,
        new BreakRule(30, 120, 180), new BreakRule(30, 210, 300));

    private static readonly RosterProblem Problem = new(Monday, 1, 30, [Day],
        [
            new RosterAgent("a1", ["cards"]),
            new RosterAgent("a2", ["loans"], [Monday.AddDays(4)], [new TimeRange(At(2, 18), At(2, 23))]),
        ],
        [.. Need("cards", 0, 9, 12)], new RosterRules());

    private static ScheduledShift Shift(string agent, int day, int hour = 9, int breakAfter = 120, int lunchAfter = 240) =>
        new(agent, "day", At(day, hour), At(day, hour).AddMinutes(510),
            new TimeRange(At(day, hour).AddMinutes(breakAfter), At(day, hour).AddMinutes(breakAfter + 30)),
            new TimeRange(At(day, hour).AddMinutes(lunchAfter), At(day, hour).AddMinutes(lunchAfter + 30)));

    /// <summary>Coverage counted honestly from the shifts, each group taking what it needs from the agents with its skill,
    /// unless <paramref name="claim"/> says otherwise.</summary>
    private static List<IntervalCoverage> CoverageOf(RosterProblem problem, IReadOnlyList<ScheduledShift> shifts, Func<DateTime, string, int, int?>? claim = null)
    {
        var list = new List<IntervalCoverage>();
        for (var t = problem.HorizonStart; t < problem.HorizonEnd; t = t.AddMinutes(problem.IntervalMinutes))
        {
            var at = t;
            bool Off(TimeRange? r) => r is not null && r.From <= at && at < r.To;
            var on = shifts.Where(s => s.Start <= at && at < s.End && !Off(s.Break) && !Off(s.Lunch)).Select(s => problem.Agents.Single(a => a.Id == s.AgentId)).ToList();
            var groups = problem.Requirement.Where(r => r.Start == at)
                .Select(r => new GroupCoverage(r.SkillGroup, r.Agents,
                    claim?.Invoke(at, r.SkillGroup, r.Agents) ?? Math.Min(r.Agents, on.Count(a => a.Skills.Contains(r.SkillGroup))))).ToList();
            var required = groups.Sum(g => g.Required);
            var covered = groups.Sum(g => g.Covered);
            list.Add(new IntervalCoverage(at, required, on.Count, covered, required - covered, on.Count - covered, groups));
        }
        return list;
    }

    private static RosterRule Broken(IReadOnlyList<ScheduledShift> shifts, RosterProblem? problem = null, IReadOnlyList<IntervalCoverage>? coverage = null) =>
        Assert.Single(RosterValidator.Validate(problem ?? Problem, shifts, coverage).Select(v => v.Rule).Distinct());

    [Fact]
    public void ValidWeek_NoViolation()
    {
        ScheduledShift[] shifts = [Shift("a1", 0), Shift("a1", 1, hour: 8), Shift("a1", 2, hour: 10), Shift("a2", 0), Shift("a2", 2, hour: 8)];

        Assert.Empty(RosterValidator.Validate(Problem, shifts, CoverageOf(Problem, shifts)));
    }

    [Fact]
    public void ShiftShorterThanTemplate_ShiftLength() =>
        Assert.Equal(RosterRule.ShiftLength, Broken([Shift("a1", 0) with { End = At(0, 17) }]));

    [Fact]
    public void StartOffTheTemplateStep_ShiftStart() =>
        Assert.Equal(RosterRule.ShiftStart, Broken([Shift("a1", 0, hour: 8) with { Start = At(0, 8, 30), End = At(0, 8, 30).AddMinutes(510),
            Break = new TimeRange(At(0, 10, 30), At(0, 11)), Lunch = new TimeRange(At(0, 12, 30), At(0, 13)) }]));

    [Fact]
    public void StartAfterLatestStart_ShiftStart() => Assert.Equal(RosterRule.ShiftStart, Broken([Shift("a1", 0, hour: 11)]));

    [Fact]
    public void StartOutsideTheWeek_ShiftStart() => Assert.Equal(RosterRule.ShiftStart, Broken([Shift("a1", 7)]));

    [Fact]
    public void BreakBeforeItsWindow_Break() => Assert.Equal(RosterRule.Break, Broken([Shift("a1", 0, breakAfter: 60)]));

    [Fact]
    public void BreakTooLong_Break() =>
        Assert.Equal(RosterRule.Break, Broken([Shift("a1", 0) with { Break = new TimeRange(At(0, 11), At(0, 12)) }]));

    [Fact]
    public void LunchMissing_Lunch() => Assert.Equal(RosterRule.Lunch, Broken([Shift("a1", 0) with { Lunch = null }]));

    [Fact]
    public void LunchOverlappingBreak_Lunch() =>
        Assert.Equal(RosterRule.Lunch, Broken([Shift("a1", 0, breakAfter: 180, lunchAfter: 180)], Problem with { Templates = [Day with { Lunch = new BreakRule(30, 180, 300) }] }));

    [Fact]
    public void RestShorterThanRule_Rest() =>
        Assert.Equal(RosterRule.Rest, Broken([Shift("a1", 0, hour: 10), Shift("a1", 1, hour: 8)], Problem with { Rules = new RosterRules(MinRestMinutes: 900) }));

    [Fact]
    public void TooLittleRestAfterLastWeeksShift_Rest() =>
        Assert.Equal(RosterRule.Rest, Broken([Shift("a1", 0, hour: 8)],
            Problem with { Agents = [new RosterAgent("a1", ["cards"], LastShiftEnd: At(-1, 22)), Problem.Agents[1]] }));

    [Fact]
    public void EnoughRestAfterLastWeeksShift_NoViolation() =>
        Assert.Empty(RosterValidator.Validate(Problem with { Agents = [new RosterAgent("a1", ["cards"], LastShiftEnd: At(-1, 21)), Problem.Agents[1]] },
            [Shift("a1", 0, hour: 8)], CoverageOf(Problem, [Shift("a1", 0, hour: 8)])));

    [Fact]
    public void OverlappingShifts_Rest() =>
        Assert.Equal(RosterRule.Rest, Broken([Shift("a1", 0, hour: 8), Shift("a1", 0, hour: 10)], Problem with { Rules = new RosterRules(MinDaysOffPerWeek: 0) }));

    [Fact]
    public void SixEightHourDaysAgainstFortyFour_WeeklyHours() =>
        Assert.Equal(RosterRule.WeeklyHours, Broken([.. Enumerable.Range(0, 6).Select(d => Shift("a1", d))], Problem with { Rules = new RosterRules(MinDaysOffPerWeek: 0) }));

    [Fact]
    public void SixDaysWorked_DaysOff() =>
        Assert.Equal(RosterRule.DaysOff, Broken([.. Enumerable.Range(0, 6).Select(d => Shift("a1", d))], Problem with { Rules = new RosterRules(MaxWeeklyMinutes: 3600) }));

    [Fact]
    public void ShiftOnUnavailableDay_Availability() => Assert.Equal(RosterRule.Availability, Broken([Shift("a2", 4)]));

    [Fact]
    public void ShiftIntoUnavailableEvening_Availability() => Assert.Equal(RosterRule.Availability, Broken([Shift("a2", 2, hour: 10)]));

    [Fact]
    public void UnknownAgent_UnknownAgent() => Assert.Equal(RosterRule.UnknownAgent, Broken([Shift("zz", 0)]));

    [Fact]
    public void UnknownTemplate_Template() => Assert.Equal(RosterRule.Template, Broken([Shift("a1", 0) with { Template = "night" }]));

    [Fact]
    public void LoansAgentCountedForCards_Skills()
    {
        ScheduledShift[] shifts = [Shift("a2", 0)];

        Assert.Equal(RosterRule.Skills, Broken(shifts, coverage: CoverageOf(Problem, shifts, (at, _, need) => at.Hour == 9 ? need : 0)));
    }

    [Fact]
    public void OneAgentCountedForTwoGroups_Skills()
    {
        var problem = Problem with
        {
            Agents = [new RosterAgent("both", ["cards", "loans"])],
            Requirement = [.. Need("cards", 0, 9, 10), .. Need("loans", 0, 9, 10)],
        };
        ScheduledShift[] shifts = [Shift("both", 0)];

        Assert.Equal(RosterRule.Skills, Broken(shifts, problem, CoverageOf(problem, shifts, (_, _, need) => need)));
    }

    [Fact]
    public void OnDutyMiscounted_Coverage()
    {
        ScheduledShift[] shifts = [Shift("a1", 0)];
        var coverage = CoverageOf(Problem, shifts);
        var i = coverage.FindIndex(c => c.Start == At(0, 14));
        coverage[i] = coverage[i] with { OnDuty = 2, Over = 2 };

        Assert.Equal(RosterRule.Coverage, Broken(shifts, coverage: coverage));
    }

    [Fact]
    public void CoveredBeyondRequired_Coverage()
    {
        var problem = Problem with { Agents = [new RosterAgent("a1", ["cards"]), new RosterAgent("a3", ["cards"])] };
        ScheduledShift[] shifts = [Shift("a1", 0), Shift("a3", 0)];

        Assert.Equal(RosterRule.Coverage, Broken(shifts, problem, CoverageOf(problem, shifts, (at, _, need) => at == At(0, 9) ? need + 1 : null)));
    }
}
