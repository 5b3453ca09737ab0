using Xunit.Abstractions;

namespace CallCentre.Simulator.Tests;

/// <summary>The real routing engine in the virtual clock against queueing theory.
/// Tolerance: twenty independent replications (seeds 1–20) of 600 simulated hours after a one-hour warm-up, about
/// 120,000 calls each (2.4 million in all); a figure passes when it lies within 4 standard errors of the theory, the standard error being the spread of
/// the twenty replication means (a t-interval with 19 degrees of freedom at 4 SE is about 99.9 %). So that the check cannot
/// pass by being loose, each test also requires the 4-SE band itself to be narrow (stated per figure).</summary>
public sealed class ErlangValidationTests(ITestOutputHelper output)
{
    private const int Runs = 20;
    private const double Hours = 600;

    private static string SingleQueue(int seed, int agents, string patience) => $$"""
        { "seed": {{seed}}, "durationSeconds": {{(Hours + 1) * 3600}}, "warmupSeconds": 3600,
          "queues": [ { "id": "q", "tenant": "t1", "requiredSkills": { "fr": 1 }, "priority": 5, "arrivalsPerHour": 200,
                        "handleTime": { "distribution": "exponential", "meanSeconds": 180 },
                        "patience": {{patience}}, "serviceLevelThresholdSeconds": 20 } ],
          "agents": [ { "count": {{agents}}, "skills": { "fr": 3 }, "wrapUpSeconds": 0 } ] }
        """;

    [Fact]
    public void ErlangCReference_TheIssuesFigures_AreReproduced()
    {
        var theory = QueueingTheory.ErlangC(200 / 3600.0, 180, 14, 20);
        Assert.Equal(0.1741, theory.WaitProbability, 4);
        Assert.Equal(0.8884, theory.ServiceLevel, 4);
        Assert.Equal(7.84, theory.MeanWaitSeconds, 2);
    }

    [Fact]
    public void ErlangAReference_WithVeryPatientCallers_TendsToErlangC()
    {
        var c = QueueingTheory.ErlangC(200 / 3600.0, 180, 14, 20);
        var a = QueueingTheory.ErlangA(200 / 3600.0, 180, 14, 1e9, 20);
        Assert.Equal(c.WaitProbability, a.WaitProbability, 4);
        Assert.Equal(c.ServiceLevel, a.ServiceLevel, 4);
        Assert.Equal(c.MeanWaitSeconds, a.MeanWaitSeconds, 2);
        Assert.True(a.AbandonedShare < 1e-6);
    }

    [Fact]
    public void MMcWithoutAbandonment_14AgentsAt10Erlangs_MatchesErlangC()
    {
        var theory = QueueingTheory.ErlangC(200 / 3600.0, 180, 14, 20);
        var runs = Replications.Run(seed => SingleQueue(seed, 14, "null"), Runs);

        var wait = runs.Estimate("q", q => q.WaitProbability);
        var sl = runs.Estimate("q", q => q.ServiceLevel);
        var meanWait = runs.Estimate("q", q => q.MeanWaitAnsweredSeconds);
        var abandoned = runs.Estimate("q", q => q.Abandoned);
        Report("Erlang C", runs.Offered("q"), ("P(wait)", wait, theory.WaitProbability), ("SL(20 s)", sl, theory.ServiceLevel),
            ("mean wait", meanWait, theory.MeanWaitSeconds));

        Assert.True(runs.Offered("q") > 2_300_000);
        Assert.Equal(0, abandoned.Mean);
        AssertAgrees("P(wait)", wait, theory.WaitProbability, maxBand: 0.008);
        AssertAgrees("SL(20 s)", sl, theory.ServiceLevel, maxBand: 0.008);
        AssertAgrees("mean wait", meanWait, theory.MeanWaitSeconds, maxBand: 0.8);
    }

    [Fact]
    public void MMcPlusMWithExponentialPatience_10AgentsAt10Erlangs_MatchesErlangA()
    {
        // Critically loaded (offered load = agents): only abandonment keeps the queue stable, so this tests patience hard.
        var theory = QueueingTheory.ErlangA(200 / 3600.0, 180, 10, 300, 20);
        var runs = Replications.Run(seed => SingleQueue(seed, 10, """{ "distribution": "exponential", "meanSeconds": 300 }"""), Runs);

        var abandoned = runs.Estimate("q", q => q.AbandonedShare);
        var sl = runs.Estimate("q", q => q.ServiceLevel);
        var wait = runs.Estimate("q", q => q.WaitProbability);
        var meanWait = runs.Estimate("q", q => q.MeanWaitAllSeconds);
        Report("Erlang A", runs.Offered("q"), ("abandoned", abandoned, theory.AbandonedShare), ("SL(20 s)", sl, theory.ServiceLevel),
            ("P(wait)", wait, theory.WaitProbability), ("mean wait (all)", meanWait, theory.MeanWaitSeconds));

        AssertAgrees("abandoned", abandoned, theory.AbandonedShare, maxBand: 0.003);
        AssertAgrees("SL(20 s)", sl, theory.ServiceLevel, maxBand: 0.008);
        AssertAgrees("P(wait)", wait, theory.WaitProbability, maxBand: 0.008);
        AssertAgrees("mean wait (all)", meanWait, theory.MeanWaitSeconds, maxBand: 1);
    }

    private static void AssertAgrees(string figure, (double Mean, double StandardError) simulated, double theory, double maxBand)
    {
        var band = 4 * simulated.StandardError;
        Assert.True(band <= maxBand, $"{figure}: the 4-SE band {band:0.0000} is wider than {maxBand}: too few calls to tell");
        Assert.True(Math.Abs(simulated.Mean - theory) <= band,
            $"{figure}: simulated {simulated.Mean:0.0000} ± {band:0.0000} (4 SE) does not contain the theory's {theory:0.0000}");
    }

    private void Report(string model, int offered, params (string Name, (double Mean, double StandardError) Sim, double Theory)[] figures)
    {
        output.WriteLine($"{model}: {offered} calls counted over {Runs} replications");
        foreach (var (name, sim, theory) in figures)
            output.WriteLine($"  {name}: simulated {sim.Mean:0.0000} ± {4 * sim.StandardError:0.0000} (4 SE), theory {theory:0.0000}");
    }
}
