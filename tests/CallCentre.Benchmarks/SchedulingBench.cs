using System.Diagnostics;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;

namespace CallCentre.Benchmarks;

/// <summary>Figures for the Scheduling targets: Erlang C service-level evaluations per second, and the requirements of
/// 500 queues × 96 quarter-hours.</summary>
public static class SchedulingBench
{
    public static void Run()
    {
        var random = new Random(11);
        var cases = Enumerable.Range(0, 4096).Select(_ =>
        {
            var erlangs = 2 + random.NextDouble() * 200;
            return (Agents: (int)Math.Ceiling(erlangs) + 1 + random.Next(20), Erlangs: erlangs);
        }).ToArray();
        var sink = 0.0;
        for (var i = 0; i < 200_000; i++) sink += ErlangC.ServiceLevel(cases[i & 4095].Agents, cases[i & 4095].Erlangs, 180, 20);
        const int evaluations = 5_000_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < evaluations; i++)
        {
            var c = cases[i & 4095];
            sink += ErlangC.ServiceLevel(c.Agents, c.Erlangs, 180, 20);
        }
        watch.Stop();
        Console.WriteLine($"Erlang C service level, 2-202 Erlangs: {evaluations / watch.Elapsed.TotalSeconds:N0} evaluations/s (one thread; checksum {sink:F0})");

        var start = new DateTime(2026, 11, 30, 0, 0, 0);
        var queues = Enumerable.Range(0, 500).Select(q => new QueueDemand($"q{q:000}", $"group{q / 5:000}", 150 + q % 120,
            new ServiceLevelTarget(0.8, 20, 0.9), null,
            Enumerable.Range(0, 96).ToDictionary(i => start.AddMinutes(15 * i),
                i => Math.Max(0, 40 * Math.Sin(Math.PI * i / 96) + random.NextDouble() * 5)))).ToList();
        StaffingRequirements.Compute(queues, 15); // warm-up
        var runs = new List<double>();
        for (var r = 0; r < 7; r++)
        {
            watch.Restart();
            var plan = StaffingRequirements.Compute(queues, 15);
            watch.Stop();
            runs.Add(watch.Elapsed.TotalMilliseconds);
            sink += plan.Intervals.Count;
        }
        runs.Sort();
        Console.WriteLine($"Requirements, 500 queues (100 skill groups) × 96 quarter-hours, Erlang C: median {runs[3]:F1} ms, best {runs[0]:F1} ms");
    }
}
