using CallCentre.Simulator.Scenarios;
using CallCentre.Simulator.Virtual;

namespace CallCentre.Simulator.Tests;

/// <summary>Independent replications (one seed each) of a scenario: their means are i.i.d., so the spread between them
/// gives an honest standard error even though successive calls' waits are correlated within a run.</summary>
public sealed class Replications
{
    private readonly List<SimulationResult> _runs = [];

    public static Replications Run(Func<int, string> scenarioJson, int count, int firstSeed = 1)
    {
        var replications = new Replications();
        for (var seed = firstSeed; seed < firstSeed + count; seed++)
            replications._runs.Add(VirtualCentre.Run(ScenarioFile.Parse(scenarioJson(seed))));
        return replications;
    }

    public int Offered(string queue, string kind = "voice") => _runs.Sum(r => Queue(r, queue, kind).Offered);

    /// <summary>The mean over the replications of a per-run figure, and its standard error.</summary>
    public (double Mean, double StandardError) Estimate(string queue, Func<QueueResult, double> figure, string kind = "voice") =>
        Estimate(r => figure(Queue(r, queue, kind)));

    public (double Mean, double StandardError) Estimate(Func<SimulationResult, double> figure)
    {
        var values = _runs.Select(figure).ToArray();
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance / values.Length));
    }

    public static QueueResult Queue(SimulationResult run, string queue, string kind = "voice") =>
        run.Queues.Concat(run.Contacts ?? []).Single(q => q.Queue == queue && q.Kind == kind);
}
