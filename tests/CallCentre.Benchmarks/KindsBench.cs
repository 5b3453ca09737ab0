using System.Diagnostics;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>The routing benchmark's centre with every kind of contact: a quarter of the agents voice only, a quarter voice and
/// callbacks, a quarter voice, three chats and two e-mails (not mixed), a quarter four chats and two e-mails; a million
/// operations of arrivals of each kind, callbacks asked by waiting callers, agents ending one contact and accepting all
/// they were offered (a callback dialled and connected at once), and abandons. Each operation timed, one thread.</summary>
public static class KindsBench
{
    private enum Op : byte { Voice, Chat, Email, Callback, Work, Abandon }

    /// <summary>Keeps what the harness needs from the engine's reports: each agent's offered contacts other than the phone's call.</summary>
    private sealed class OfferSink(Dictionary<string, int> agents, List<Guid>[] offered) : RoutingEvents
    {
        public long Count;
        public override void CallQueued(Guid callId, string tenantId, string queueId, string callerHash, int priority, DateTimeOffset at, string kind) => Count++;
        public override void CallOffered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at, string kind)
        {
            Count++;
            if (kind != ContactKinds.Voice) offered[agents[agentId]].Add(callId);
        }
        public override void CallAnswered(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
        public override void CallCompleted(Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt, DateTimeOffset answeredAt,
            DateTimeOffset at, double talkSeconds, double wrapUpSeconds, string? disposition, double holdSeconds, string kind) => Count++;
        public override void CallAbandoned(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
        public override void CallRejected(Guid callId, string tenantId, string queueId, string reason, DateTimeOffset queuedAt, DateTimeOffset at, string kind) => Count++;
        public override void CallOverflowed(Guid callId, string tenantId, string fromQueueId, string toQueueId, string reason, DateTimeOffset queuedAt,
            DateTimeOffset at) => Count++;
        public override void CallTransferred(Guid callId, string tenantId, string fromQueueId, string toQueueId, string agentId, DateTimeOffset queuedAt,
            DateTimeOffset at, double holdSeconds, double wrapUpSeconds, string kind) => Count++;
        public override void AgentStateChanged(string agentId, IReadOnlyList<string> tenantIds, AgentState state, string? reason, Guid? callId,
            DateTimeOffset at) => Count++;
    }

    private static readonly Dictionary<string, int>?[] Capacities =
    [
        null,
        new() { [ContactKinds.Voice] = 1, [ContactKinds.Callback] = 1 },
        new() { [ContactKinds.Voice] = 1, [ContactKinds.Chat] = 3, [ContactKinds.Email] = 2 },
        new() { [ContactKinds.Chat] = 4, [ContactKinds.Email] = 2 },
    ];

    public static void Run(string[] args)
    {
        var operations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000_000;
        var workload = new RoutingWorkload();
        var random = new Random(11);
        // Agent i has profile i % 400: spreading the capacities by i / 400 gives every profile, and so every queue, all four.
        var definitions = workload.AgentDefinitions.Select((a, i) => a with { Capacity = Capacities[i / RoutingWorkload.Profiles % Capacities.Length] }).ToList();
        var index = definitions.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var offered = definitions.Select(_ => new List<Guid>(8)).ToArray();
        var held = definitions.Select(_ => new List<Guid>(8)).ToArray();
        var sink = new OfferSink(index, offered);
        var engine = new RoutingEngine(workload.QueueDefinitions, definitions, sink);
        var now = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

        var servedBy = definitions.Take(RoutingWorkload.Profiles)
            .Select(a => workload.QueueDefinitions.Where(q => a.Satisfies(q.RequiredSkills)).Select(q => q.Id).ToArray()).ToArray();
        var total = RoutingWorkload.Agents * 6 + RoutingWorkload.TargetWaiting + operations;
        var ids = new Guid[total];
        var queues = new string[total];
        for (var i = 0; i < total; i++)
        {
            ids[i] = new Guid(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
            var served = servedBy[random.Next(RoutingWorkload.Profiles)];
            queues[i] = served.Length > 0 ? served[random.Next(served.Length)] : workload.QueueDefinitions[random.Next(RoutingWorkload.Queues)].Id;
        }
        var next = 0;
        void Arrive(ContactKind kind) => engine.Enqueue(new IncomingCall(ids[next], queues[next++], "caller-hash", null) { Kind = kind }, now);
        void Work(int a)
        {
            var agent = definitions[a].Id;
            if (held[a].Count > 0)
            {
                engine.Complete(agent, held[a][0], null, now);
                held[a].RemoveAt(0);
            }
            else
            {
                engine.CompleteCurrentCall(agent, now);
            }
            var busy = engine.AnswerCurrentOffer(agent, now) == RoutingOutcome.Ok;
            for (var k = 0; k < offered[a].Count; k++)
            {
                var id = offered[a][k];
                if (engine.Answer(agent, id, now) != RoutingOutcome.Ok) continue;
                engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.Connected, now); // a chat or an e-mail: InvalidState, nothing done
                held[a].Add(id);
                busy = true;
            }
            offered[a].Clear();
            if (!busy && held[a].Count == 0) engine.SetAgentState(agent, AgentState.Available, null, now);
        }

        foreach (var agent in definitions)
            engine.SetAgentState(agent.Id, AgentState.Available, null, now);
        ReadOnlySpan<ContactKind> fill = [ContactKind.Voice, ContactKind.Voice, ContactKind.Chat, ContactKind.Chat, ContactKind.Email];
        while (next < RoutingWorkload.Agents * 6 && engine.WaitingCalls < RoutingWorkload.TargetWaiting)
            Arrive(fill[next % fill.Length]);
        for (var a = 0; a < definitions.Count; a++)
            Work(a);

        // Half arrivals (voice 30 %, chat 12 %, e-mail 5 %, a waiting caller asking for a callback 3 %), 45 % an agent's turn, 5 % abandons.
        var script = new (Op Op, int Target)[operations];
        for (var i = 0; i < operations; i++)
        {
            var roll = random.Next(100);
            script[i] = roll switch
            {
                < 30 => (Op.Voice, 0),
                < 42 => (Op.Chat, 0),
                < 47 => (Op.Email, 0),
                < 50 => (Op.Callback, random.Next(RoutingWorkload.TargetWaiting)),
                < 95 => (Op.Work, random.Next(RoutingWorkload.Agents)),
                _ => (Op.Abandon, random.Next(RoutingWorkload.TargetWaiting)),
            };
        }
        void Apply((Op Op, int Target) op)
        {
            switch (op.Op)
            {
                case Op.Voice or Op.Chat or Op.Email when engine.WaitingCalls < RoutingWorkload.TargetWaiting:
                    Arrive(op.Op == Op.Voice ? ContactKind.Voice : op.Op == Op.Chat ? ContactKind.Chat : ContactKind.Email);
                    break;
                case Op.Callback:
                    engine.RequestCallback(ids[Math.Max(0, next - 1 - op.Target)], now);
                    break;
                case Op.Abandon:
                    engine.Abandon(ids[Math.Max(0, next - 1 - op.Target)], now);
                    break;
                default:
                    Work(op.Op == Op.Work ? op.Target : random.Next(RoutingWorkload.Agents));
                    break;
            }
        }

        Console.WriteLine($"Routing, mixed kinds: {RoutingWorkload.Agents:N0} agents (voice; voice + callback; voice + 3 chats + 2 e-mails; 4 chats + 2 e-mails), " +
                          $"{RoutingWorkload.Queues} queues, ~{RoutingWorkload.TargetWaiting:N0} waiting; {operations:N0} operations, one thread.");
        var warm = operations / 10;
        for (var i = 0; i < warm; i++) { now = now.AddMilliseconds(50); Apply(script[i]); }
        GC.Collect();
        var latencies = new long[operations - warm];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gcBefore = GC.CollectionCount(0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = warm; i < operations; i++)
        {
            now = now.AddMilliseconds(50);
            var t0 = Stopwatch.GetTimestamp();
            Apply(script[i]);
            latencies[i - warm] = Stopwatch.GetTimestamp() - t0;
        }
        wall.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var measured = latencies.Length;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(latencies);
        double Us(double q) => latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)] * 1e6 / Stopwatch.Frequency;
        var heldNow = held.Sum(h => h.Count);
        var waitingByKind = workload.QueueDefinitions.SelectMany(q => engine.Snapshot(q.Id, now).WaitingByKind ?? new Dictionary<string, int>())
            .GroupBy(kv => kv.Key).Select(g => $"{g.Key} {g.Sum(kv => kv.Value):N0}");
        Console.WriteLine($"waiting at end by kind: {string.Join(", ", waitingByKind)}; offered not yet accepted: {offered.Sum(o => o.Count):N0}");
        Console.WriteLine($"engine, mixed kinds {measured / wall.Elapsed.TotalSeconds,12:N0} ops/s   p50 {Us(0.50),6:F2} µs   p99 {Us(0.99),7:F2} µs   " +
                          $"p99.9 {Us(0.999),7:F2} µs   max {Us(1.0),8:F1} µs   CPU {cpu.TotalMicroseconds / measured,5:F3} µs/op   " +
                          $"allocated {allocated / (double)measured:F1} B/op   gen0 GCs {GC.CollectionCount(0) - gcBefore}   waiting at end {engine.WaitingCalls:N0}   " +
                          $"contacts held at end {heldNow:N0}   events {sink.Count:N0}");
    }
}
