using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Rostering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Rostering;

/// <summary>The schedule handler called directly: a small team solved, and a 400 naming each bad field.</summary>
public class ScheduleApiTests
{
    private static ScheduleRequest Request(
        int? intervalMinutes = 30, int? weeks = null, double? timeLimit = 5, ShiftTemplateDto? template = null, RosterAgentDto? agent = null,
        DemandIntervalDto? demand = null) =>
        new(new DateOnly(2025, 3, 3), intervalMinutes,
            [template ?? new ShiftTemplateDto("early", 240, "09:00", "09:00", Lunch: new BreakWindowDto(30, 90, 120))],
            [agent ?? new RosterAgentDto("a1", ["cards"])],
            [demand ?? new DemandIntervalDto(new DateTime(2025, 3, 3, 9, 0, 0), [new GroupDemandDto("cards", 1)]),
             new DemandIntervalDto(new DateTime(2025, 3, 3, 9, 30, 0), [new GroupDemandDto("cards", 1)])],
            Weeks: weeks, TimeLimitSeconds: timeLimit);

    private static async Task<IDictionary<string, string[]>> Errors(ScheduleRequest request)
    {
        var result = await ScheduleApi.Solve(request, CancellationToken.None);
        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        return problem.ProblemDetails.Errors;
    }

    [Fact]
    public async Task SmallTeam_OptimalScheduleWithCoverage()
    {
        var result = await ScheduleApi.Solve(Request(), CancellationToken.None);

        var answer = Assert.IsType<Ok<ScheduleResponse>>(result.Result).Value!;
        Assert.Equal("optimal", answer.Status);
        var shift = Assert.Single(answer.Shifts);
        Assert.Equal(new DateTime(2025, 3, 3, 9, 0, 0), shift.Start);
        Assert.Equal(new DateTime(2025, 3, 3, 13, 0, 0), shift.End);
        Assert.Equal(0, answer.UnderStaffed);
        Assert.Equal(5, answer.OverStaffed);        // eight half-hours less a half-hour lunch on the phones, two needed
        Assert.Equal(3.5, answer.PaidHours);
        Assert.Equal(answer.Objective, answer.BestBound);
        Assert.Equal(0, answer.Gap);
        Assert.Equal(7 * 48, answer.Coverage.Count);
        Assert.Equal(["underStaffing", "overStaffing", "cost"], answer.Stages.Select(s => s.Stage));
        Assert.Equal([0L, 5L, 7L], answer.Stages.Select(s => s.Objective!.Value));     // paid: 3.5 h in half-hours
        Assert.All(answer.Stages, s => Assert.Equal(("optimal", s.Objective, 0.0), (s.Status, s.BestBound, s.Gap)));
    }

    [Fact]
    public async Task IntervalOfTwentyMinutes_NamesIntervalMinutes() => Assert.Contains("intervalMinutes", await Errors(Request(intervalMinutes: 20)));

    [Fact]
    public async Task ThreeWeeks_NamesWeeks() => Assert.Contains("weeks", await Errors(Request(weeks: 3)));

    [Fact]
    public async Task TimeLimitOverAMinute_NamesTimeLimit() => Assert.Contains("timeLimitSeconds", await Errors(Request(timeLimit: 120)));

    [Fact]
    public async Task LengthOffTheGrid_NamesTheTemplateLength() =>
        Assert.Contains("templates[0].lengthMinutes", await Errors(Request(template: new ShiftTemplateDto("odd", 250, "09:00", "09:00"))));

    [Fact]
    public async Task StartNotATime_NamesEarliestStart() =>
        Assert.Contains("templates[0].earliestStart", await Errors(Request(template: new ShiftTemplateDto("t", 240, "nine", "09:00"))));

    [Fact]
    public async Task LunchEndingAfterTheShift_NamesTheLunchWindow() =>
        Assert.Contains("templates[0].lunch.latestAfterMinutes",
            await Errors(Request(template: new ShiftTemplateDto("t", 240, "09:00", "09:00", Lunch: new BreakWindowDto(30, 60, 240)))));

    [Fact]
    public async Task AgentWithoutSkills_NamesTheSkills() =>
        Assert.Contains("agents[0].skills", await Errors(Request(agent: new RosterAgentDto("a1", []))));

    [Theory]
    [InlineData("2025-03-02T23:00:00Z")]      // an instant, not a local time
    [InlineData("2025-02-20T23:00:00")]       // not in the week before
    public async Task LastShiftEndUnusable_NamesIt(string end) =>
        Assert.Contains("agents[0].lastShiftEnd", await Errors(Request(agent: new RosterAgentDto("a1", ["cards"],
            LastShiftEnd: DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)))));

    [Fact]
    public async Task DemandOutsideTheWeek_NamesTheStart() =>
        Assert.Contains("requirement[0].start", await Errors(Request(demand: new DemandIntervalDto(new DateTime(2025, 3, 10, 9, 0, 0), [new GroupDemandDto("cards", 1)]))));

    [Fact]
    public async Task NegativeDemand_NamesTheGroupAgents() =>
        Assert.Contains("requirement[0].groups[0].agents",
            await Errors(Request(demand: new DemandIntervalDto(new DateTime(2025, 3, 3, 9, 0, 0), [new GroupDemandDto("cards", -1)]))));

    [Fact]
    public async Task DemandWithoutGroups_NamesTheInterval() =>
        Assert.Contains("requirement[0]", await Errors(Request(demand: new DemandIntervalDto(new DateTime(2025, 3, 3, 9, 0, 0), null))));

    [Fact]
    public async Task TooManyAgents_NamesAgents()
    {
        var request = Request() with { Agents = [.. Enumerable.Range(0, RosterInput.MaxAgents + 1).Select(i => new RosterAgentDto($"a{i}", ["cards"]))] };

        Assert.Contains("agents", await Errors(request));
    }
}
