using Xunit.Abstractions;

namespace CallCentre.Simulator.Tests;

public sealed class PriorityTests(ITestOutputHelper output)
{
    private static string TwoQueues(int seed) => $$"""
        { "seed": {{seed}}, "durationSeconds": {{201 * 3600}}, "warmupSeconds": 3600,
          "queues": [
            { "id": "gold", "tenant": "t1", "requiredSkills": { "fr": 1 }, "priority": 8, "arrivalsPerHour": 100,
              "handleTime": { "distribution": "exponential", "meanSeconds": 180 }, "patience": null },
            { "id": "standard", "tenant": "t2", "requiredSkills": { "fr": 1 }, "priority": 3, "arrivalsPerHour": 100,
              "handleTime": { "distribution": "exponential", "meanSeconds": 180 }, "patience": null } ],
          "agents": [ { "count": 11, "skills": { "fr": 2 }, "wrapUpSeconds": 0 } ] }
        """;

    [Fact]
    public void TwoQueuesSharingAgents_HigherPriority_GetsTheBetterServiceLevel()
    {
        // 10 Erlangs on 11 agents (91 % loaded): the priority decides who waits.
        var runs = Replications.Run(TwoQueues, 5);
        var gold = runs.Estimate("gold", q => q.ServiceLevel);
        var standard = runs.Estimate("standard", q => q.ServiceLevel);
        var goldWait = runs.Estimate("gold", q => q.MeanWaitAnsweredSeconds);
        var standardWait = runs.Estimate("standard", q => q.MeanWaitAnsweredSeconds);
        output.WriteLine($"SL(20 s): gold {gold.Mean:0.000} ± {4 * gold.StandardError:0.000}, standard {standard.Mean:0.000} ± {4 * standard.StandardError:0.000}");
        output.WriteLine($"mean wait: gold {goldWait.Mean:0.0} s, standard {standardWait.Mean:0.0} s");

        Assert.True(gold.Mean - 4 * gold.StandardError > standard.Mean + 4 * standard.StandardError,
            $"gold SL {gold.Mean:0.000} should be clearly above standard {standard.Mean:0.000}");
        Assert.True(goldWait.Mean + 4 * goldWait.StandardError < standardWait.Mean - 4 * standardWait.StandardError,
            $"gold waits {goldWait.Mean:0.0} s, standard {standardWait.Mean:0.0} s");
    }

    [Fact]
    public void TwoQueuesSharingAgents_LowerPriority_IsStillServed()
    {
        // The engine's priority ageing (a level per 30 s of waiting by default) keeps the low-priority queue moving.
        var runs = Replications.Run(TwoQueues, 2);
        Assert.Equal(runs.Offered("standard"), (int)Math.Round(runs.Estimate("standard", q => q.Answered).Mean * 2));
    }
}
