using System.Text.Json;
using CallCentre.Scheduling.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Api;

/// <summary>The staffing handlers called directly: answers, defaults, and a 400 naming each bad field.</summary>
public class StaffingApiValidationTests
{
    // The published case: 100 calls per half-hour, 180 s AHT, 80 % within 20 s, 30 % shrinkage.
    private static ErlangCStaffingRequest PublishedC(
        double? calls = 100, double? interval = 1800, double? aht = 180, double? answerWithin = 20, double? serviceLevel = 0.8,
        double? maxOccupancy = null, double? shrinkage = 0.3, int? agents = null) =>
        new(calls, interval, aht, answerWithin, serviceLevel, maxOccupancy, shrinkage, agents);

    private static ErlangAStaffingRequest PublishedA(
        double? calls = 100, double? interval = 1800, double? aht = 180, double? answerWithin = 20, double? serviceLevel = 0.8,
        double? patience = 120, double? maxOccupancy = null, double? shrinkage = 0.3, int? agents = null) =>
        new(calls, interval, aht, answerWithin, serviceLevel, patience, maxOccupancy, shrinkage, agents);

    private static StaffingResult Answer(Results<Ok<StaffingResult>, ValidationProblem> result) =>
        Assert.IsType<Ok<StaffingResult>>(result.Result).Value!;

    private static IDictionary<string, string[]> Errors(Results<Ok<StaffingResult>, ValidationProblem> result)
    {
        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        return problem.ProblemDetails.Errors;
    }

    [Fact]
    public void ErlangC_PublishedCase_FourteenAgentsTwentyScheduled()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC()));

        Assert.Equal(14, answer.Agents);
        Assert.Equal(20, answer.ScheduledAgents);
        Assert.Equal(0.8883500, answer.ServiceLevel, 7);
        Assert.Equal(0.1741, answer.ProbabilityOfWaiting, 4);
        Assert.Equal(7.836, answer.AsaSeconds, 3);
        Assert.Equal(0.714, answer.Occupancy, 3);
        Assert.Null(answer.AbandonRate);
    }

    [Fact]
    public void ErlangC_NinetyPercentTarget_FifteenAgents()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC(serviceLevel: 0.9)));

        Assert.Equal(15, answer.Agents);
        Assert.Equal(0.9414528, answer.ServiceLevel, 7);
    }

    [Fact]
    public void ErlangC_GivenAgents_AnswersWhatTheyAchieve()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC(serviceLevel: null, agents: 15)));

        Assert.Equal(15, answer.Agents);
        Assert.Equal(22, answer.ScheduledAgents);
        Assert.Equal(0.9414528, answer.ServiceLevel, 7);
    }

    [Fact]
    public void ErlangC_NoShrinkageOrCap_DefaultsToNoneOfEither()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC(shrinkage: null, maxOccupancy: null)));

        Assert.Equal(14, answer.Agents);
        Assert.Equal(14, answer.ScheduledAgents);
    }

    [Fact]
    public void ErlangC_OccupancyCap_RaisesAgents()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC(maxOccupancy: 0.6)));

        Assert.Equal(17, answer.Agents);
        Assert.True(answer.Occupancy <= 0.6);
    }

    [Fact]
    public void ErlangC_NoCalls_NoAgents()
    {
        var answer = Answer(StaffingApi.CalculateErlangC(PublishedC(calls: 0)));

        Assert.Equal((0, 0, 1.0), (answer.Agents, answer.ScheduledAgents, answer.ServiceLevel));
    }

    [Fact]
    public void ErlangA_PublishedCaseWithTwoMinutePatience_TwelveAgentsAndAbandonRate()
    {
        var answer = Answer(StaffingApi.CalculateErlangA(PublishedA()));

        Assert.Equal(12, answer.Agents);
        Assert.Equal(18, answer.ScheduledAgents);   // 12 / 0.7 = 17.1
        Assert.InRange(answer.ServiceLevel, 0.8, 1);
        Assert.NotNull(answer.AbandonRate);
        Assert.InRange(answer.AbandonRate!.Value, 0.01, 0.1);
    }

    [Fact]
    public void ErlangA_GivenAgents_AnswersWhatTheyAchieve()
    {
        var answer = Answer(StaffingApi.CalculateErlangA(PublishedA(agents: 8, serviceLevel: null)));

        Assert.Equal(8, answer.Agents);
        Assert.InRange(answer.AbandonRate!.Value, 0.1, 0.5);
    }

    [Fact]
    public void ErlangC_Result_SerialisesCamelCaseWithoutAbandonRate()
    {
        var json = JsonSerializer.Serialize(Answer(StaffingApi.CalculateErlangC(PublishedC())), JsonSerializerOptions.Web);
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(["agents", "scheduledAgents", "serviceLevel", "probabilityOfWaiting", "asaSeconds", "occupancy"], names);
    }

    [Fact]
    public void ErlangA_Result_SerialisesAbandonRate()
    {
        var json = JsonSerializer.Serialize(Answer(StaffingApi.CalculateErlangA(PublishedA())), JsonSerializerOptions.Web);

        Assert.Contains("\"abandonRate\":", json);
    }

    [Fact]
    public void ErlangC_Request_BindsFromCamelCaseJson()
    {
        const string body = """{ "callsPerInterval": 100, "intervalSeconds": 1800, "ahtSeconds": 180, "targetAnswerSeconds": 20, "targetServiceLevel": 0.8, "shrinkage": 0.3 }""";
        var request = JsonSerializer.Deserialize<ErlangCStaffingRequest>(body, JsonSerializerOptions.Web)!;

        Assert.Equal(PublishedC(), request);
    }

    [Theory]
    [InlineData("callsPerInterval")]
    [InlineData("intervalSeconds")]
    [InlineData("ahtSeconds")]
    [InlineData("targetAnswerSeconds")]
    [InlineData("targetServiceLevel")]
    public void ErlangC_MissingField_NamesIt(string field)
    {
        var request = field switch
        {
            "callsPerInterval" => PublishedC(calls: null),
            "intervalSeconds" => PublishedC(interval: null),
            "ahtSeconds" => PublishedC(aht: null),
            "targetAnswerSeconds" => PublishedC(answerWithin: null),
            _ => PublishedC(serviceLevel: null),
        };

        Assert.Equal([field], Errors(StaffingApi.CalculateErlangC(request)).Keys);
    }

    public static TheoryData<string, ErlangCStaffingRequest> BadErlangCFields => new()
    {
        { "callsPerInterval", PublishedC(calls: -1) },
        { "callsPerInterval", PublishedC(calls: double.NaN) },
        { "intervalSeconds", PublishedC(interval: 0) },
        { "intervalSeconds", PublishedC(interval: -1800) },
        { "ahtSeconds", PublishedC(aht: 0) },
        { "ahtSeconds", PublishedC(aht: double.PositiveInfinity) },
        { "targetAnswerSeconds", PublishedC(answerWithin: -5) },
        { "targetServiceLevel", PublishedC(serviceLevel: 0) },
        { "targetServiceLevel", PublishedC(serviceLevel: 1) },
        { "targetServiceLevel", PublishedC(serviceLevel: 80) },
        { "targetServiceLevel", PublishedC(serviceLevel: -0.2, agents: 15) },
        { "maxOccupancy", PublishedC(maxOccupancy: 0) },
        { "maxOccupancy", PublishedC(maxOccupancy: 1.2) },
        { "shrinkage", PublishedC(shrinkage: 1) },
        { "shrinkage", PublishedC(shrinkage: -0.1) },
        { "shrinkage", PublishedC(shrinkage: 1 - 1e-12) },
        { "agents", PublishedC(agents: 0) },
        { "agents", PublishedC(agents: -4) },
        { "agents", PublishedC(agents: 50_001) },
        { "agents", PublishedC(agents: 10) },              // 10 agents never clear 10 Erlangs
        { "callsPerInterval", PublishedC(calls: 500_000) },   // 50,000 Erlangs
        { "callsPerInterval", PublishedC(calls: 1e308, interval: 1e-300) },
    };

    [Theory]
    [MemberData(nameof(BadErlangCFields))]
    public void ErlangC_BadField_NamesIt(string field, ErlangCStaffingRequest request) =>
        Assert.Equal([field], Errors(StaffingApi.CalculateErlangC(request)).Keys);

    public static TheoryData<string, ErlangAStaffingRequest> BadErlangAFields => new()
    {
        { "patienceSeconds", PublishedA(patience: null) },
        { "patienceSeconds", PublishedA(patience: 0) },
        { "patienceSeconds", PublishedA(patience: -60) },
        { "patienceSeconds", PublishedA(patience: 180 * 10_001) },
        { "callsPerInterval", PublishedA(calls: -3) },
        { "agents", PublishedA(agents: 0) },
        { "maxOccupancy", PublishedA(maxOccupancy: -1) },
        { "callsPerInterval", PublishedA(calls: 2_000_001) },          // beyond the Erlang A traffic cap
        { "callsPerInterval", PublishedA(calls: 600_000, patience: 3600, serviceLevel: 0.95) },   // 60,000 Erlangs, patient callers
    };

    [Theory]
    [MemberData(nameof(BadErlangAFields))]
    public void ErlangA_BadField_NamesIt(string field, ErlangAStaffingRequest request) =>
        Assert.Equal([field], Errors(StaffingApi.CalculateErlangA(request)).Keys);

    [Fact]
    public void ErlangA_PatientEnough_StillAnswers() =>
        Assert.Equal(14, Answer(StaffingApi.CalculateErlangA(PublishedA(patience: 180 * 10_000))).Agents);

    [Fact]
    public void ErlangC_SeveralBadFields_NamesEveryOne()
    {
        var errors = Errors(StaffingApi.CalculateErlangC(new ErlangCStaffingRequest(-1, 0, null, 20, 2, 0, 1, 0)));

        Assert.Equal(["agents", "ahtSeconds", "callsPerInterval", "intervalSeconds", "maxOccupancy", "shrinkage", "targetServiceLevel"], errors.Keys.Order());
        Assert.All(errors.Values, messages => Assert.NotEmpty(messages));
    }

    [Fact]
    public void ErlangA_SeveralBadFields_NamesEveryOne()
    {
        var errors = Errors(StaffingApi.CalculateErlangA(new ErlangAStaffingRequest(null, 1800, 180, -1, 0.8, 0)));

        Assert.Equal(["callsPerInterval", "patienceSeconds", "targetAnswerSeconds"], errors.Keys.Order());
    }

    [Fact]
    public void AnyInput_IsAnAnswerOrAFieldError_NeverAnException()
    {
        // Seeded: the same 600 awkward requests every run, through both handlers, and every answer
        // must serialise (no NaN or infinity), as a 500 would otherwise be the client's reply.
        double?[] values = [null, -1, 0, 1e-300, 0.3, 1, 14, 20, 180, 1800, 1e6, 1e300, double.NaN, double.PositiveInfinity];
        int?[] agents = [null, null, null, -1, 0, 1, 9, 14, 50_000, 50_001];
        string[] fields = ["callsPerInterval", "intervalSeconds", "ahtSeconds", "targetAnswerSeconds", "targetServiceLevel", "maxOccupancy", "shrinkage", "agents", "patienceSeconds"];
        var random = new Random(42);
        double? Pick() => values[random.Next(values.Length)];

        for (var i = 0; i < 600; i++)
        {
            var (calls, interval, aht, within, level, occupancy, shrinkage, patience) = (Pick(), Pick(), Pick(), Pick(), Pick(), Pick(), Pick(), Pick());
            var n = agents[random.Next(agents.Length)];
            var results = new[]
            {
                StaffingApi.CalculateErlangC(new ErlangCStaffingRequest(calls, interval, aht, within, level, occupancy, shrinkage, n)),
                StaffingApi.CalculateErlangA(new ErlangAStaffingRequest(calls, interval, aht, within, level, patience, occupancy, shrinkage, n)),
            };
            foreach (var result in results)
            {
                if (result.Result is ValidationProblem problem)
                    Assert.All(problem.ProblemDetails.Errors.Keys, key => Assert.Contains(key, fields));
                else
                    JsonSerializer.Serialize(Answer(result), JsonSerializerOptions.Web);
            }
        }
    }
}
