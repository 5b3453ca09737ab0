using BenchmarkDotNet.Attributes;
using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>BenchmarkDotNet view of the same workload: time and allocation per batch of 10,000 mixed operations.</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Batch = 10_000;
    private RoutingWorkload _workload = null!;
    private RoutingEngine _engine = null!;
    private RoutingWorkload.Operation[] _script = [];
    private DateTimeOffset _now;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new RoutingWorkload();
        (_engine, _script, _now) = _workload.Prepare(new CountingEvents(), 2_000_000);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void MixedOperations()
    {
        for (var i = 0; i < Batch; i++)
        {
            if (_next == _script.Length) _next = 0; // wraps: by then the stream has moved on and old calls are gone
            _now = _now.AddMilliseconds(50);
            _workload.Apply(_engine, _script[_next++], _now);
        }
    }
}
