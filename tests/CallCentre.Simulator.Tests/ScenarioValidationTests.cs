using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Tests;

public sealed class ScenarioValidationTests
{
    private const string Valid = """
        {
          "seed": 42,
          "durationSeconds": 86400,
          "warmupSeconds": 3600,
          "queues": [
            { "id": "q-fr-bank", "tenant": "t1", "requiredSkills": { "fr": 1 }, "priority": 5,
              "arrivalsPerHour": 200,
              "arrivalProfile": [0.2, 0.5, 1.0, 1.4, 1.2, 0.9],
              "handleTime": { "distribution": "exponential", "meanSeconds": 180 },
              "patience": { "distribution": "exponential", "meanSeconds": 300 },
              "serviceLevelThresholdSeconds": 20 }
          ],
          "agents": [ { "count": 14, "skills": { "fr": 3 }, "wrapUpSeconds": 0 } ]
        }
        """;

    private static ScenarioException Invalid(string json) => Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json));

    [Fact]
    public void TheIssuesExample_IsValid()
    {
        var scenario = ScenarioFile.Parse(Valid);
        Assert.Equal(42, scenario.Seed);
        var queue = Assert.Single(scenario.Queues);
        Assert.Equal(6, queue.ArrivalProfile!.Count);
        Assert.Equal(180, queue.HandleTime!.Mean);
        Assert.Equal(300, queue.Patience!.Mean);
        Assert.Equal(14, Assert.Single(scenario.Agents).Count);
    }

    [Fact]
    public void MissingSeedAndDuration_AreBothNamed()
    {
        var e = Invalid(Valid.Replace("\"seed\": 42,", "").Replace("\"durationSeconds\": 86400,", ""));
        Assert.Contains(e.Errors, m => m.StartsWith("seed:"));
        Assert.Contains(e.Errors, m => m.StartsWith("durationSeconds:"));
    }

    [Fact]
    public void UnknownDistribution_NamesTheField()
    {
        var e = Invalid(Valid.Replace("\"distribution\": \"exponential\", \"meanSeconds\": 180", "\"distribution\": \"gamma\", \"meanSeconds\": 180"));
        Assert.Equal("queues[0].handleTime.distribution: must be one of exponential, lognormal, constant, not \"gamma\"", Assert.Single(e.Errors));
    }

    [Fact]
    public void LognormalWithoutSd_NamesTheField()
    {
        var e = Invalid(Valid.Replace("\"distribution\": \"exponential\", \"meanSeconds\": 300", "\"distribution\": \"lognormal\", \"meanSeconds\": 300"));
        Assert.StartsWith("queues[0].patience.sdSeconds:", Assert.Single(e.Errors));
    }

    [Fact]
    public void MisspelledField_IsRefusedWithItsPath()
    {
        var e = Invalid(Valid.Replace("\"arrivalsPerHour\"", "\"arrivalPerHour\""));
        Assert.Contains("queues[0]", Assert.Single(e.Errors));
        Assert.Contains("arrivalPerHour", e.Message);
    }

    [Fact]
    public void WrongType_IsRefusedWithItsPath()
    {
        var e = Invalid(Valid.Replace("\"priority\": 5", "\"priority\": \"high\""));
        Assert.StartsWith("$.queues[0].priority:", Assert.Single(e.Errors));
    }

    [Fact]
    public void PriorityOutOfRange_NamesTheField()
    {
        var e = Invalid(Valid.Replace("\"priority\": 5", "\"priority\": 11"));
        Assert.StartsWith("queues[0].priority:", Assert.Single(e.Errors));
    }

    [Fact]
    public void NegativeProfileMultiplier_NamesItsIndex()
    {
        var e = Invalid(Valid.Replace("[0.2, 0.5,", "[0.2, -0.5,"));
        Assert.StartsWith("queues[0].arrivalProfile[1]:", Assert.Single(e.Errors));
    }

    [Fact]
    public void QueueNobodyCanServe_IsRefused()
    {
        var e = Invalid(Valid.Replace("\"skills\": { \"fr\": 3 }", "\"skills\": { \"en\": 3 }"));
        Assert.StartsWith("queues[0].requiredSkills:", Assert.Single(e.Errors));
    }

    [Fact]
    public void GroupsServingOneQueueWithDifferentWrapUps_AreRefused()
    {
        var e = Invalid(Valid.Replace("\"agents\": [ { \"count\": 14, \"skills\": { \"fr\": 3 }, \"wrapUpSeconds\": 0 } ]",
            "\"agents\": [ { \"count\": 7, \"skills\": { \"fr\": 3 }, \"wrapUpSeconds\": 0 }, { \"count\": 7, \"skills\": { \"fr\": 2 }, \"wrapUpSeconds\": 30 } ]"));
        Assert.StartsWith("agents[1].wrapUpSeconds:", Assert.Single(e.Errors));
    }

    [Fact]
    public void FractionalWrapUp_IsRefused()
    {
        var e = Invalid(Valid.Replace("\"wrapUpSeconds\": 0 }", "\"wrapUpSeconds\": 7.5 }"));
        Assert.Equal("agents[0].wrapUpSeconds: must be a whole number of seconds, not 7.5", Assert.Single(e.Errors));
    }

    [Fact]
    public void ProbabilitiesAboveOne_AreRefused()
    {
        var e = Invalid(Valid.Replace("\"wrapUpSeconds\": 0 }", "\"wrapUpSeconds\": 0, \"answerLateProbability\": 0.7, \"missOfferProbability\": 0.6 }"));
        Assert.StartsWith("agents[0].missOfferProbability:", Assert.Single(e.Errors));
    }

    [Fact]
    public void LateAnswerAfterTheOfferTimeout_IsRefused()
    {
        var e = Invalid(Valid.Replace("\"wrapUpSeconds\": 0 }", "\"wrapUpSeconds\": 0, \"answerLateProbability\": 0.1, \"answerLateSeconds\": 20 }"));
        Assert.StartsWith("agents[0].answerLateSeconds:", Assert.Single(e.Errors));
    }

    [Fact]
    public void TraceCallOnUnknownQueue_NamesTheCall()
    {
        var e = Invalid(Valid.Replace("\"agents\":", "\"calls\": [ { \"queue\": \"q-nope\", \"arrivalSeconds\": 10, \"handleSeconds\": 60, \"patienceSeconds\": null } ], \"agents\":"));
        Assert.StartsWith("calls[0].queue:", Assert.Single(e.Errors));
    }

    [Fact]
    public void StaffingAboveTheGroupsCount_NamesTheEntry()
    {
        var e = Invalid(Valid.Replace("\"agents\": [ { \"count\": 14,",
            "\"staffing\": [ { \"fromSeconds\": 0, \"agents\": [ { \"group\": \"g1\", \"count\": 15 } ] } ], \"agents\": [ { \"count\": 14,"));
        Assert.StartsWith("staffing[0].agents[0].count:", Assert.Single(e.Errors));
    }

    [Fact]
    public void StaffingSlicesOutOfOrder_AreRefused()
    {
        var e = Invalid(Valid.Replace("\"agents\": [ { \"count\": 14,",
            "\"staffing\": [ { \"fromSeconds\": 100, \"agents\": [] }, { \"fromSeconds\": 50, \"agents\": [] } ], \"agents\": [ { \"count\": 14,"));
        Assert.StartsWith("staffing[1].fromSeconds:", Assert.Single(e.Errors));
    }
}
