using System.Diagnostics;
using BenchmarkDotNet.Running;
using CallCentre.Benchmarks;
using CallCentre.Routing.Engine;

// dotnet run -c Release --project tests/CallCentre.Benchmarks -- routing [operations]   per-operation latency, throughput, allocations, naive ratio
// dotnet run -c Release --project tests/CallCentre.Benchmarks -- scheduling              Erlang C rate, requirements time
// dotnet run -c Release --project tests/CallCentre.Benchmarks -- routing-admin [changes]  how long one queue or agent change pauses routing
// dotnet run -c Release --project tests/CallCentre.Benchmarks -- bdn [BenchmarkDotNet args]
if (args.FirstOrDefault() == "roster") { RosterBench.Run(args[1..]); return; }
if (args.FirstOrDefault() == "routing-kinds") { KindsBench.Run(args[1..]); return; } // routing-kinds [operations]
if (args.FirstOrDefault() == "routing-admin") { AdminBench.Run(args[1..]); return; } // routing-admin [changes]
if (args.FirstOrDefault() == "wallboard") { await WallboardBench.RunAsync(args[1..]); return; } // wallboard [connections] [queues] [seconds] [rows|tiles]
if (args.FirstOrDefault() == "scheduling")
{
    SchedulingBench.Run();
    return;
}
if (args.FirstOrDefault() == "sla") { SlaBench.Run(args[1..]); return; } // sla [report|ingest|all] [records|events]
if (args.FirstOrDefault() == "agent-report") { await AgentReportBench.RunAsync(args[1..]); return; } // agent-report [agents] [legs per agent and day]
if (args.FirstOrDefault() == "callpath") { await CallPathBench.RunAsync(args[1..]); return; } // callpath [calls/s] [seconds] [agents] [talk ms] [warm-up s]
if (args.FirstOrDefault() == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(RoutingBenchmarks).Assembly).Run(args[1..]);
    return;
}
var operations = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 1_000_000;
Console.WriteLine($"Routing: {RoutingWorkload.Agents:N0} agents, {RoutingWorkload.Queues} queues, {RoutingWorkload.Skills} skills, " +
                  $"~{RoutingWorkload.TargetWaiting:N0} waiting calls; {operations:N0} mixed operations (arrive/answer/complete/abandon), one thread.");

var engineRate = Measure("engine", new RoutingWorkload(), w => w.Prepare(new CountingEvents(), operations), operations);
var naiveOperations = Math.Min(operations, 50_000);
var naiveRate = Measure("naive linear scan", new RoutingWorkload(),
    w => w.Prepare(new NaiveRoutingEngine(w.QueueDefinitions, w.AgentDefinitions, TimeSpan.FromSeconds(30)), naiveOperations), naiveOperations);
Console.WriteLine($"engine / naive throughput: {engineRate / naiveRate:F1}x");

static double Measure<T>(string name, RoutingWorkload workload, Func<RoutingWorkload, (T Engine, RoutingWorkload.Operation[] Script, DateTimeOffset Start)> prepare,
    int operations) where T : IRoutingOperations
{
    var (engine, script, start) = prepare(workload);
    var latencies = new long[script.Length];
    var now = start;
    // Warm-up pass over the first tenth (JIT, pools, heap growth), not measured.
    var warm = script.Length / 10;
    for (var i = 0; i < warm; i++) { now = now.AddMilliseconds(50); workload.Apply(engine, script[i], now); }
    GC.Collect();
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var gcBefore = GC.CollectionCount(0);
    // CPU time as well as wall time: on a shared machine the wall clock counts the time other processes held the core.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (var i = warm; i < script.Length; i++)
    {
        now = now.AddMilliseconds(50);
        var t0 = Stopwatch.GetTimestamp();
        workload.Apply(engine, script[i], now);
        latencies[i - warm] = Stopwatch.GetTimestamp() - t0;
    }
    wall.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var measured = script.Length - warm;
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    var sorted = latencies.AsSpan(0, measured).ToArray();
    Array.Sort(sorted);
    double Us(double q) => sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)] * 1e6 / Stopwatch.Frequency;
    var rate = measured / wall.Elapsed.TotalSeconds;
    Console.WriteLine($"{name,-18} {rate,12:N0} ops/s   p50 {Us(0.50),6:F2} µs   p99 {Us(0.99),7:F2} µs   p99.9 {Us(0.999),7:F2} µs   " +
                      $"max {Us(1.0),8:F1} µs   CPU {cpu.TotalMicroseconds / measured,5:F3} µs/op   allocated {allocated / (double)measured:F1} B/op   gen0 GCs {GC.CollectionCount(0) - gcBefore}   " +
                      $"waiting at end {engine.WaitingCalls:N0}");
    return rate;
}
