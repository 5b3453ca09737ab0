using System.Diagnostics;
using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>What an administrator's change costs the routing loop at the routing benchmark's scale (10,000 agents in 400
/// skill profiles, 500 queues, about 2,000 calls waiting): the loop runs nothing else meanwhile, so this is how long
/// routing pauses for one change.</summary>
public static class AdminBench
{
    public static void Run(string[] args)
    {
        var changes = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
        var workload = new RoutingWorkload();
        var (engine, _, start) = workload.Prepare(new CountingEvents(), 0);
        var random = new Random(11);
        var now = start;
        Console.WriteLine($"Admin changes: {RoutingWorkload.Agents:N0} agents, {RoutingWorkload.Queues} queues, {engine.WaitingCalls:N0} calls waiting; {changes} of each kind.");

        Measure("queue replaced", changes, i =>
        {
            var q = workload.QueueDefinitions[random.Next(workload.QueueDefinitions.Count)];
            engine.AddOrUpdateQueue(q with { Strategy = ((RoutingStrategy)random.Next(5)).ToString() }, now = now.AddSeconds(1));
        });
        Measure("queue added", changes, i =>
        {
            var template = workload.QueueDefinitions[random.Next(workload.QueueDefinitions.Count)];
            engine.AddOrUpdateQueue(template with { Id = $"new-{i}" }, now = now.AddSeconds(1));
        });
        Measure("agent, known profile", changes, i =>
        {
            var agent = workload.AgentDefinitions[random.Next(workload.AgentDefinitions.Count)];
            engine.AddOrUpdateAgent(agent with { Skills = workload.AgentDefinitions[random.Next(RoutingWorkload.Profiles)].Skills }, now = now.AddSeconds(1));
        });
        Measure("agent, new profile", changes, i =>
        {
            var agent = workload.AgentDefinitions[random.Next(workload.AgentDefinitions.Count)];
            var skills = agent.Skills.ToDictionary(s => s.Key, s => s.Value);
            skills[$"new-skill-{i}"] = 3;
            engine.AddOrUpdateAgent(agent with { Skills = skills }, now = now.AddSeconds(1));
        });
    }

    private static void Measure(string name, int count, Action<int> change)
    {
        change(-1); // JIT
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            change(i);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{name,-22} p50 {times[count / 2],7:F2} ms   p99 {times[(int)(count * 0.99)],7:F2} ms   max {times[^1],7:F2} ms");
    }
}
