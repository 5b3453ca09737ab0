using CallCentre.Simulator.Scenarios;
using CallCentre.Simulator.Virtual;

namespace CallCentre.Simulator.Tests;

/// <summary>Small traces whose outcome can be worked out by hand, through the real engine.</summary>
public sealed class VirtualCentreTests
{
    private static QueueResult RunTrace(string calls, string agentExtras = "", string scenarioExtras = "", string queueExtras = "")
    {
        var json = $$"""
            { "seed": 1, "durationSeconds": 3600, "warmupSeconds": 0 {{scenarioExtras}},
              "queues": [ { "id": "q", "tenant": "t1", "requiredSkills": { "fr": 1 }, "serviceLevelThresholdSeconds": 20 {{queueExtras}} } ],
              "agents": [ { "name": "a", "count": 1, "skills": { "fr": 1 } {{agentExtras}} } ],
              "calls": [ {{calls}} ] }
            """;
        return Assert.Single(VirtualCentre.Run(ScenarioFile.Parse(json)).Queues);
    }

    private static string Call(double at, double handle, double? patience = null) =>
        $$"""{ "queue": "q", "arrivalSeconds": {{at}}, "handleSeconds": {{handle}}, "patienceSeconds": {{(patience is null ? "null" : patience.ToString())}} }""";

    [Fact]
    public void OneAgentThreeCalls_WaitsAndHangUpAreExact()
    {
        var q = RunTrace(string.Join(",", Call(0, 100), Call(10, 50, 30), Call(20, 10)));
        Assert.Equal((3, 2, 1, 1), (q.Offered, q.Answered, q.Abandoned, q.AnsweredWithinThreshold));
        Assert.Equal(40, q.MeanWaitAnsweredSeconds, 9);   // 0 and 80
        Assert.Equal(110 / 3.0, q.MeanWaitAllSeconds, 9); // 0, 80 and the hang-up after 30
        Assert.Equal(55, q.MeanHandleSeconds, 9);
        Assert.Equal(1, q.AnsweredWithoutWait);
    }

    [Fact]
    public void WrapUp_KeepsTheAgentUntilTheEngineTickAtItsEnd()
    {
        var q = RunTrace(string.Join(",", Call(0, 100), Call(110, 10)), ", \"wrapUpSeconds\": 30");
        Assert.Equal(10, q.MeanWaitAnsweredSeconds, 9); // answered at 130: waits 0 and 20
        Assert.Equal(2, q.AnsweredWithinThreshold);
        Assert.Equal(85, q.MeanHandleSeconds, 9);       // (100 + 30 + 10 + 30) / 2
    }

    [Fact]
    public void Staffing_NobodyOnDutyUntil60_TheCallWaits60()
    {
        var q = RunTrace(Call(0, 10), scenarioExtras: """
            , "staffing": [ { "fromSeconds": 0, "agents": [] }, { "fromSeconds": 60, "agents": [ { "group": "a", "count": 1 } ] } ]
            """);
        Assert.Equal(60, q.MeanWaitAnsweredSeconds, 9);
    }

    [Fact]
    public void AgentGoingOffDutyDuringACall_FinishesItAndTakesNoMore()
    {
        var q = RunTrace(string.Join(",", Call(0, 150), Call(120, 10)), scenarioExtras: """
            , "staffing": [ { "fromSeconds": 0, "agents": [ { "group": "a", "count": 1 } ] }, { "fromSeconds": 100, "agents": [] } ]
            """);
        Assert.Equal((2, 1, 0, 1), (q.Offered, q.Answered, q.Abandoned, q.Unfinished));
    }

    [Fact]
    public void BreakStartingDuringACall_BeginsWhenTheCallEnds()
    {
        // On the call 0–50, on break 50–105 (the break was due at 5 and lasts 100 s from then): the second caller waits 95 s.
        var q = RunTrace(string.Join(",", Call(0, 50), Call(10, 10)),
            ", \"breaks\": [ { \"count\": 1, \"fromSeconds\": 5, \"durationSeconds\": 100 } ]");
        Assert.Equal((0 + 95) / 2.0, q.MeanWaitAnsweredSeconds, 9);
    }

    [Fact]
    public void AgentAnsweringLate_AddsTheRingToTheWait()
    {
        var q = RunTrace(Call(0, 10), ", \"answerLateProbability\": 1, \"answerLateSeconds\": 5");
        Assert.Equal(5, q.MeanWaitAnsweredSeconds, 9);
        Assert.Equal(1, q.AnsweredWithoutWait); // offered at once, answered 5 s later
    }

    [Fact]
    public void AgentMissingEveryOffer_LeavesTheCallerToHangUp()
    {
        // Offered at 0, rings out at 15, offered again, rings out at 30: NotReady("missed") until 90, then rings again
        // until the caller gives up at 100.
        var q = RunTrace(Call(0, 10, 100), ", \"missOfferProbability\": 1, \"missedRecoverySeconds\": 60");
        Assert.Equal((1, 0, 1), (q.Offered, q.Answered, q.Abandoned));
        Assert.Equal(100, q.MeanWaitAllSeconds, 9);
    }

    [Fact]
    public void CallsBeforeTheWarmup_AreSimulatedButNotCounted()
    {
        static SimulationResult Run(string profile) => VirtualCentre.Run(ScenarioFile.Parse($$"""
            { "seed": 3, "durationSeconds": 7200, "warmupSeconds": 3600,
              "queues": [ { "id": "q", "requiredSkills": {}, "arrivalsPerHour": 120, "arrivalProfile": {{profile}},
                            "handleTime": { "distribution": "constant", "meanSeconds": 10 } } ],
              "agents": [ { "count": 2, "skills": {} } ] }
            """));
        var early = Run("[2, 0]");
        var late = Run("[0, 2]");
        Assert.True(early.Calls > 150);
        Assert.Equal(0, early.Queues[0].Offered);
        Assert.Equal(late.Calls, late.Queues[0].Offered);
        Assert.InRange(late.Calls, 240 - 4 * 16, 240 + 4 * 16); // Poisson(240): 4 standard deviations
    }

    [Fact]
    public void SameSeed_GivesTheSameRunAndAnotherSeedAnother()
    {
        static string Run(int seed)
        {
            var result = VirtualCentre.Run(ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "demo.json")) with { Seed = seed });
            return System.Text.Json.JsonSerializer.Serialize(result with { WallSeconds = 0 });
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void LognormalTalkTimes_HaveTheBankDatasMeanAndLogSpread()
    {
        // ln-mean 4.853, ln-sd 0.934 (Anonymous Bank 1999, service times above 10 s): mean e^(4.853+0.934²/2) ≈ 198.2 s.
        var mean = Math.Exp(4.853 + 0.934 * 0.934 / 2);
        var sd = mean * Math.Sqrt(Math.Exp(0.934 * 0.934) - 1);
        var distribution = Distribution.Lognormal(mean, sd);
        var random = new Random(5);
        var logs = Enumerable.Range(0, 200_000).Select(_ => Math.Log(distribution.Sample(random))).ToArray();
        var logMean = logs.Average();
        var logSd = Math.Sqrt(logs.Sum(x => (x - logMean) * (x - logMean)) / (logs.Length - 1));
        Assert.Equal(4.853, logMean, 2);
        Assert.Equal(0.934, logSd, 2);
    }
}
