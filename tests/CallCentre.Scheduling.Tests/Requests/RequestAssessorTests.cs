using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Requests;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Tests.Requests;

/// <summary>The automatic decision: the requirement met or not after the change, the roster rules, swaps, requests that
/// overlap.</summary>
public sealed class RequestAssessorTests
{
    private static readonly CentreCalendar Utc = CentreCalendar.For("UTC");
    private static readonly DateOnly Wednesday = new(2026, 12, 9);
    private static readonly RosterRules Rules = new();
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(DateOnly day, double hour) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hour);

    /// <summary>Work from <paramref name="from"/> to <paramref name="to"/> (hours), a half-hour lunch at 12:00 when the day spans it.</summary>
    private static AgentDay Shift(string agent, DateOnly day, double from = 8, double to = 16)
    {
        if (from >= 12 || to <= 12.5)
            return new AgentDay(agent, day, false, [new ScheduledActivity(ActivityKind.Work, At(day, from), At(day, to))]);
        return new AgentDay(agent, day, false,
        [
            new ScheduledActivity(ActivityKind.Work, At(day, from), At(day, 12)),
            new ScheduledActivity(ActivityKind.Lunch, At(day, 12), At(day, 12.5)),
            new ScheduledActivity(ActivityKind.Work, At(day, 12.5), At(day, to)),
        ]);
    }

    /// <summary>One skill group needing <paramref name="agents"/> in every half-hour of the day, or per the overrides.</summary>
    private static StaffingNeed Need(int agents, IReadOnlyDictionary<double, int>? atHour = null, IReadOnlySet<string>? members = null,
        string group = "banking:2 fr:3")
    {
        var required = new Dictionary<DateTimeOffset, IReadOnlyDictionary<string, int>>();
        for (var h = 0.0; h < 24; h += 0.5)
            required[At(Wednesday, h)] = new Dictionary<string, int> { [group] = atHour?.GetValueOrDefault(h, agents) ?? agents };
        return new StaffingNeed(30, required, new Dictionary<string, IReadOnlySet<string>>
        {
            [group] = members ?? new HashSet<string> { "a", "b", "c", "d" },
        });
    }

    private static RequestAssessment Assess(ScheduleChange change, StaffingNeed? need, IReadOnlyList<AgentDay> published) =>
        RequestAssessor.Assess(change, need, [], published, Rules, Utc, Now, 30);

    [Fact]
    public void TimeOff_WhenTheOthersStillCoverTheRequirement_IsApprovable()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("b", Wednesday), Shift("c", Wednesday)];
        var change = ScheduleChange.TimeOff("a", At(Wednesday, 9), At(Wednesday, 11), published);

        var assessment = Assess(change, Need(2), published);

        Assert.True(assessment.Approvable);
        Assert.Equal(4, assessment.Intervals.Count);
        Assert.All(assessment.Intervals, i => Assert.Equal((2, 2, 2), (i.Required, i.CoveredBefore, i.CoveredAfter)));
    }

    [Fact]
    public void TimeOff_WhenAnIntervalFallsShort_IsQueuedWithTheShortfallPerRun()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("b", Wednesday), Shift("c", Wednesday)];
        // Three needed 14:00–15:30, four from 15:00: after a leaves, 1 short then 2 short.
        var need = Need(2, new Dictionary<double, int> { [14] = 3, [14.5] = 3, [15] = 4 });
        var change = ScheduleChange.TimeOff("a", At(Wednesday, 13), At(Wednesday, 16), published);

        var assessment = Assess(change, need, published);

        Assert.False(assessment.Approvable);
        Assert.Equal([new Shortfall(At(Wednesday, 14), At(Wednesday, 15), 1), new Shortfall(At(Wednesday, 15), At(Wednesday, 15.5), 2)],
            assessment.Shortfalls);
        Assert.Equal("1 agent short 2026-12-09 14:00–15:00; 2 agents short 2026-12-09 15:00–15:30", assessment.Summary(Utc));
    }

    [Fact]
    public void TimeOff_CutsOnlyThePeriod_AndAWholeDayBecomesADayOff()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("a", Wednesday.AddDays(1))];

        var part = ScheduleChange.TimeOff("a", At(Wednesday, 10), At(Wednesday, 11), published);
        Assert.Equal(
            [(ActivityKind.Work, 8.0, 10.0), (ActivityKind.Work, 11.0, 12.0), (ActivityKind.Lunch, 12.0, 12.5), (ActivityKind.Work, 12.5, 16.0)],
            part.After.Single().Activities.Select(a => (a.Kind, (a.Start - At(Wednesday, 0)).TotalHours, (a.End - At(Wednesday, 0)).TotalHours)));

        var whole = ScheduleChange.TimeOff("a", At(Wednesday, 0), At(Wednesday, 24), published);
        Assert.True(Assert.Single(whole.After).DayOff);
        Assert.Empty(whole.After[0].Activities);
        Assert.Equal(Wednesday, whole.After[0].Date);
    }

    [Fact]
    public void UnknownRequirement_IsNeverApprovedAutomatically()
    {
        List<AgentDay> published = [Shift("a", Wednesday)];
        var change = ScheduleChange.TimeOff("a", At(Wednesday, 9), At(Wednesday, 10), published);

        var assessment = RequestAssessor.Assess(change, null, ["Queue q has 5 days of recorded calls"], published, Rules, Utc, Now, 30);

        Assert.False(assessment.Approvable);
        Assert.Equal(["Queue q has 5 days of recorded calls"], assessment.Unknown);
    }

    [Fact]
    public void Swap_ToAColleagueWithTheSkills_KeepsTheRequirementMet()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("b", Wednesday), new AgentDay("c", Wednesday, true, [])];
        var change = ScheduleChange.Swap("a", "c", Wednesday, published)!;

        var assessment = Assess(change, Need(2), published);

        Assert.True(assessment.Approvable);
        Assert.True(change.After.Single(d => d.AgentId == "a").DayOff);
        Assert.Equal(published[0].Activities, change.After.Single(d => d.AgentId == "c").Activities);
    }

    [Fact]
    public void Swap_ToAColleagueWithoutTheSkills_LeavesTheGroupShort()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("b", Wednesday)];
        var change = ScheduleChange.Swap("a", "z", Wednesday, published)!;

        var assessment = Assess(change, Need(2, members: new HashSet<string> { "a", "b" }), published);

        Assert.False(assessment.Approvable);
        Assert.All(assessment.Intervals.Where(i => i.CoveredBefore == 2), i => Assert.Equal(1, i.Short));
        Assert.Equal([new Shortfall(At(Wednesday, 8), At(Wednesday, 12), 1), new Shortfall(At(Wednesday, 12.5), At(Wednesday, 16), 1)],
            assessment.Shortfalls.Where(s => s.From < At(Wednesday, 16)).ToList());
    }

    [Fact]
    public void Swap_IsRefused_WhenTheTakerWorksThatDay()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("c", Wednesday, 17, 21)];
        Assert.Null(ScheduleChange.Swap("a", "c", Wednesday, published));
        Assert.Null(ScheduleChange.Swap("c", "a", Wednesday.AddDays(1), published));
    }

    [Fact]
    public void Swap_ThatLeavesTheTakerTooLittleRest_NamesTheRule()
    {
        // c works until 23:00 on Tuesday: an 08:00 start on Wednesday leaves 9 h, under the 11 h rest.
        List<AgentDay> published = [Shift("a", Wednesday), Shift("c", Wednesday.AddDays(-1), 15, 23)];
        var change = ScheduleChange.Swap("a", "c", Wednesday, published)!;

        var assessment = Assess(change, Need(0), published);

        Assert.False(assessment.Approvable);
        var broken = Assert.Single(assessment.BrokenRules);
        Assert.Equal(("rest", "c"), (broken.Rule, broken.AgentId));
        Assert.Contains("rests 9 h", broken.Message);
        Assert.Empty(assessment.Shortfalls);
    }

    [Fact]
    public void Swap_ThatTakesAwayTheTakersSecondDayOff_NamesTheRule()
    {
        var monday = RuleCheck.Monday(Wednesday);
        // c works Monday, Tuesday, Thursday, Friday and Saturday: Wednesday would leave one day off in the week.
        List<AgentDay> published = [Shift("a", Wednesday), .. new[] { 0, 1, 3, 4, 5 }.Select(d => Shift("c", monday.AddDays(d), 8, 14))];
        var change = ScheduleChange.Swap("a", "c", Wednesday, published)!;

        var assessment = Assess(change, Need(0), published);

        Assert.Equal(["daysOff"], assessment.BrokenRules.Select(r => r.Rule));
        Assert.Contains("1 days off", assessment.BrokenRules[0].Message);
    }

    [Fact]
    public void Rules_AlreadyBrokenBeforeTheChange_AreNotBlamedOnIt()
    {
        var monday = RuleCheck.Monday(Wednesday);
        // a works six days: its days off are short already; time off on Wednesday makes nothing worse.
        List<AgentDay> published = [.. Enumerable.Range(0, 6).Select(d => Shift("a", monday.AddDays(d))), Shift("b", Wednesday)];
        var change = ScheduleChange.TimeOff("a", At(Wednesday, 9), At(Wednesday, 10), published);

        Assert.Empty(Assess(change, Need(1), published).BrokenRules);
    }

    [Fact]
    public void OverlappingRequests_TheSecondIsJudgedOnTheScheduleTheFirstLeft()
    {
        List<AgentDay> published = [Shift("a", Wednesday), Shift("b", Wednesday), Shift("c", Wednesday)];
        var need = Need(2);

        var first = ScheduleChange.TimeOff("a", At(Wednesday, 9), At(Wednesday, 11), published);
        Assert.True(Assess(first, need, published).Approvable);
        var afterFirst = first.Apply(published);

        var second = ScheduleChange.TimeOff("b", At(Wednesday, 10), At(Wednesday, 12), afterFirst);
        var assessment = Assess(second, need, afterFirst);
        Assert.False(assessment.Approvable);
        Assert.Equal([new Shortfall(At(Wednesday, 10), At(Wednesday, 11), 1)], assessment.Shortfalls);
        // Alone, the second would have been approved.
        Assert.True(Assess(ScheduleChange.TimeOff("b", At(Wednesday, 10), At(Wednesday, 12), published), need, published).Approvable);
    }

    [Fact]
    public void AnAgentWithTwoSkillGroups_IsCountedWhereItIsNeeded()
    {
        // x serves both groups, y only the first: both groups are covered only if x takes the second.
        var required = new Dictionary<DateTimeOffset, IReadOnlyDictionary<string, int>>
        {
            [At(Wednesday, 9)] = new Dictionary<string, int> { ["first"] = 1, ["second"] = 1 },
        };
        var need = new StaffingNeed(30, required, new Dictionary<string, IReadOnlySet<string>>
        {
            ["first"] = new HashSet<string> { "x", "y", "z" },
            ["second"] = new HashSet<string> { "x" },
        });
        List<AgentDay> published = [Shift("x", Wednesday, 9, 10), Shift("y", Wednesday, 9, 10), Shift("z", Wednesday, 9, 10)];

        var zOff = StaffingCheck.Figures(need, ScheduleChange.TimeOff("z", At(Wednesday, 9), At(Wednesday, 9.5), published), published);
        Assert.Equal((2, 2, 2), (zOff[0].Required, zOff[0].CoveredBefore, zOff[0].CoveredAfter));
        var xOff = StaffingCheck.Figures(need, ScheduleChange.TimeOff("x", At(Wednesday, 9), At(Wednesday, 9.5), published), published);
        Assert.Equal(1, xOff[0].Short);
    }

    [Fact]
    public void AnAgentWorkingOnlyPartOfAnInterval_DoesNotCoverIt()
    {
        List<AgentDay> published = [Shift("a", Wednesday, 9.25, 11)];
        Assert.Empty(StaffingCheck.OnPhones(published, At(Wednesday, 9), TimeSpan.FromMinutes(30)));
        Assert.Equal(["a"], StaffingCheck.OnPhones(published, At(Wednesday, 9.5), TimeSpan.FromMinutes(30)));
    }
}
