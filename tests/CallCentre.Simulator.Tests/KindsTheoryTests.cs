using System.Globalization;
using Xunit.Abstractions;

namespace CallCentre.Simulator.Tests;

/// <summary>Callbacks and chats in the virtual clock against queueing models (docs/simulator.md, Contact kinds against
/// theory). Ten replications of 200 simulated hours each; a figure agrees when the model lies within 4 standard errors.</summary>
public sealed class KindsTheoryTests(ITestOutputHelper output)
{
    private const int Runs = 10;
    private const double Hours = 200;

    private static string CallbackCentre(int seed, double share, double dialSeconds = 0, double reach = 1) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "seed": {{seed}}, "durationSeconds": {{(Hours + 1) * 3600}}, "warmupSeconds": 3600,
          "queues": [ { "id": "q", "requiredSkills": { "fr": 1 }, "arrivalsPerHour": 200,
                        "handleTime": { "distribution": "exponential", "meanSeconds": 180 },
                        "patience": { "distribution": "exponential", "meanSeconds": 60 },
                        "callbackOnWait": { "share": {{share}}, "dialSeconds": {{dialSeconds}}, "reachProbability": {{reach}}, "attempts": 10, "spacingSeconds": 60 } } ],
          "agents": [ { "count": 12, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1 } } ] }
        """);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void CallbackOnWait_MatchesThePriorityChain(double share)
    {
        var theory = QueueingTheory.CallbackOnWait(200 / 3600.0, 180, 12, 60, share);
        var runs = Replications.Run(seed => CallbackCentre(seed, share), Runs);
        var abandoned = runs.Estimate("q", q => q.AbandonedShare);
        var callbacks = runs.Estimate("q", q => (double)q.CallbacksRequested / q.Offered);
        var wait = runs.Estimate("q", q => q.WaitProbability);
        var sl = runs.Estimate("q", q => q.ServiceLevel);
        Report($"callback share {share}", ("abandoned", abandoned, theory.AbandonedShare), ("callback", callbacks, theory.CallbackShare),
            ("P(wait)", wait, theory.WaitProbability), ("SL(20 s), calls", sl, double.NaN));
        AssertAgrees("abandoned", abandoned, theory.AbandonedShare);
        AssertAgrees("callback share", callbacks, theory.CallbackShare);
        AssertAgrees("P(wait)", wait, theory.WaitProbability);
    }

    [Fact]
    public void CallbackOnWait_TradesAbandonmentForTheCallsServiceLevel()
    {
        var (none, all) = (QueueingTheory.CallbackOnWait(200 / 3600.0, 180, 12, 60, 0), QueueingTheory.CallbackOnWait(200 / 3600.0, 180, 12, 60, 1));
        Assert.Equal(0, all.AbandonedShare, 9);
        Assert.True(all.WaitProbability > none.WaitProbability + 0.05, $"{all.WaitProbability} vs {none.WaitProbability}");
        var slow = Replications.Run(seed => CallbackCentre(seed, 1, dialSeconds: 30, reach: 0.7), Runs);
        var fast = Replications.Run(seed => CallbackCentre(seed, 1), Runs);
        var (slowWait, fastWait) = (slow.Estimate("q", q => q.WaitProbability), fast.Estimate("q", q => q.WaitProbability));
        Report("callback share 1, dial 30 s, reach 0.7", ("P(wait)", slowWait, all.WaitProbability));
        // Dialling takes agent time the model does not count: the calls wait more than it says.
        Assert.True(slowWait.Mean - 4 * slowWait.StandardError > fastWait.Mean + 4 * fastWait.StandardError);
    }

    private static string ChatCentre(int seed, int agents, int capacity, double ringSeconds) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "seed": {{seed}}, "durationSeconds": {{(Hours + 1) * 3600}}, "warmupSeconds": 3600,
          "queues": [ { "id": "q", "requiredSkills": { "fr": 1 }, "offerTimeoutSeconds": 60,
                        "chat": { "arrivalsPerHour": 120, "handleTime": { "distribution": "exponential", "meanSeconds": 240 } } } ],
          "agents": [ { "count": {{agents}}, "skills": { "fr": 1 }, "ringSeconds": {{ringSeconds}}, "capacity": { "chat": {{capacity}} } } ] }
        """);

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 5)]
    public void ChatsWithCapacityK_MatchErlangCOnCTimesKServers(int agents, int capacity)
    {
        var theory = QueueingTheory.ErlangC(120 / 3600.0, 240, agents * capacity, 20);
        var runs = Replications.Run(seed => ChatCentre(seed, agents, capacity, 0), Runs);
        var wait = runs.Estimate("q", q => q.WaitProbability, "chat");
        var meanWait = runs.Estimate("q", q => q.MeanWaitAnsweredSeconds, "chat");
        var sl = runs.Estimate("q", q => q.ServiceLevel, "chat");
        Report($"chat, {agents} agents x {capacity}", ("P(wait)", wait, theory.WaitProbability), ("mean wait", meanWait, theory.MeanWaitSeconds),
            ("SL(20 s)", sl, theory.ServiceLevel));
        AssertAgrees("P(wait)", wait, theory.WaitProbability);
        AssertAgrees("mean wait", meanWait, theory.MeanWaitSeconds);
        AssertAgrees("SL(20 s)", sl, theory.ServiceLevel);
    }

    [Fact]
    public void ChatsAcceptedAfterTenSeconds_WaitLongerThanMMck()
    {
        var theory = QueueingTheory.ErlangC(120 / 3600.0, 240, 9, 20);
        var meanWait = Replications.Run(seed => ChatCentre(seed, 3, 3, 10), Runs).Estimate("q", q => q.MeanWaitAnsweredSeconds, "chat");
        Report("chat, 3 agents x 3, accepted after 10 s", ("mean wait", meanWait, theory.MeanWaitSeconds));
        // The accept delay is in the wait and holds a slot: more than the 10 s alone.
        Assert.True(meanWait.Mean - 4 * meanWait.StandardError > theory.MeanWaitSeconds + 10);
    }

    private static void AssertAgrees(string figure, (double Mean, double StandardError) simulated, double theory)
    {
        var band = Math.Max(4 * simulated.StandardError, 1e-9);
        Assert.True(Math.Abs(simulated.Mean - theory) <= band,
            $"{figure}: simulated {simulated.Mean:0.0000} ± {band:0.0000} (4 SE) does not contain the model's {theory:0.0000}");
    }

    private void Report(string model, params (string Name, (double Mean, double StandardError) Sim, double Theory)[] figures)
    {
        output.WriteLine(model);
        foreach (var (name, sim, theory) in figures)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: simulated {sim.Mean:0.0000} ± {4 * sim.StandardError:0.0000} (4 SE), model {theory:0.0000}"));
    }
}
