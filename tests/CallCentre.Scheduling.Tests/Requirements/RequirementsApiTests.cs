using CallCentre.Scheduling.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Requirements;

/// <summary>The requirements handler called directly.</summary>
public class RequirementsApiTests
{
    private static readonly DateTime Nine = new(2025, 3, 3, 9, 0, 0);

    private static RequirementsQueue Queue(string? id, string? group, double calls = 50, DateTime? start = null, double? aht = 180) =>
        new(id, group, aht, 0.8, 20, [new ForecastPoint(start ?? Nine, calls), new ForecastPoint((start ?? Nine).AddMinutes(30), calls)]);

    private static RequirementsResponse Answer(Results<Ok<RequirementsResponse>, ValidationProblem> result) =>
        Assert.IsType<Ok<RequirementsResponse>>(result.Result).Value!;

    private static IDictionary<string, string[]> Errors(Results<Ok<RequirementsResponse>, ValidationProblem> result) =>
        Assert.IsType<ValidationProblem>(result.Result).ProblemDetails.Errors;

    [Fact]
    public void TwoQueuesOneGroup_PooledAndPerQueueTotalsInAgentHours()
    {
        var answer = Answer(RequirementsApi.Calculate(new RequirementsRequest(30, [Queue("fr", "cards"), Queue("be", "cards")], Shrinkage: 0.3)));

        var first = answer.Intervals[0];
        Assert.Equal(2, answer.Intervals.Count);
        Assert.Equal(14, first.PooledAgents);                 // 10 Erlangs together
        Assert.True(first.PerQueueAgents > first.PooledAgents);
        Assert.Equal(20, first.ScheduledAgents);              // 14 / 0.7
        Assert.Equal(2 * 14 * 0.5, answer.PooledAgentHours);
        Assert.Equal(first.PerQueueAgents * 2 * 0.5, answer.PerQueueAgentHours);
        Assert.Equal(new GroupTotal("cards", answer.PooledAgentHours, answer.PerQueueAgentHours), answer.Groups.Single());
        Assert.Equal(100, answer.Queues.Single(q => q.QueueId == "fr").Calls);
    }

    [Fact]
    public void NoSkillGroup_QueueIsItsOwnGroup()
    {
        var answer = Answer(RequirementsApi.Calculate(new RequirementsRequest(30, [Queue("fr", null), Queue("be", null)])));

        Assert.Equal(["be", "fr"], answer.Groups.Select(g => g.SkillGroup).Order());
        Assert.Equal(answer.PerQueueAgentHours, answer.PooledAgentHours);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(null)]
    public void IntervalNotFifteenOrThirty_NamesIntervalMinutes(int? width)
    {
        Assert.Contains("intervalMinutes", Errors(RequirementsApi.Calculate(new RequirementsRequest(width, [Queue("a", "g")]))).Keys);
    }

    [Fact]
    public void BadQueueFields_EachNamed()
    {
        var bad = new RequirementsQueue("b", "g", 0, 1.2, -1, [new ForecastPoint(Nine.AddMinutes(10), 5), new ForecastPoint(Nine, -2)], PatienceSeconds: 0);

        var errors = Errors(RequirementsApi.Calculate(new RequirementsRequest(30, [Queue("a", "g"), bad, Queue("a", "g")])));

        Assert.Contains("queues[1].ahtSeconds", errors.Keys);
        Assert.Contains("queues[1].targetServiceLevel", errors.Keys);
        Assert.Contains("queues[1].targetAnswerSeconds", errors.Keys);
        Assert.Contains("queues[1].patienceSeconds", errors.Keys);
        Assert.Contains("queues[1].forecast[0].start", errors.Keys);
        Assert.Contains("queues[1].forecast[1].calls", errors.Keys);
        Assert.Contains("queues[2].id", errors.Keys);
    }

    [Fact]
    public void NoQueues_NamesQueues()
    {
        Assert.Contains("queues", Errors(RequirementsApi.Calculate(new RequirementsRequest(30, []))).Keys);
        Assert.Contains("queues", Errors(RequirementsApi.Calculate(new RequirementsRequest(30, null))).Keys);
    }

    [Fact]
    public void TrafficBeyondFiftyThousandAgents_NamesTheQueuesForecast()
    {
        var errors = Errors(RequirementsApi.Calculate(new RequirementsRequest(30, [Queue("a", "g"), Queue("huge", "huge", calls: 1e9)])));

        Assert.Contains("50000 agents", errors["queues[1].forecast"][0]);
    }

    [Fact]
    public void ShrinkageOutOfRange_NamesShrinkage()
    {
        Assert.Contains("shrinkage", Errors(RequirementsApi.Calculate(new RequirementsRequest(30, [Queue("a", "g")], Shrinkage: 1))).Keys);
    }
}
