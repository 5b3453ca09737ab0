using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Properties of the engine over random operation sequences (seeded, so every failure replays): skills are
/// respected, an agent holds one call at a time, the best-scored eligible call is served first, every call ends exactly
/// once, nobody stays Reserved past the offer timeout, and no eligible agent idles while a call waits.</summary>
public class RoutingEnginePropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Skills = ["banking", "insurance", "fr", "nl", "en"];

    private sealed record World(List<QueueConfiguration> Queues, List<RoutingAgent> Agents);

    private static World RandomWorld(Random random)
    {
        var queues = Enumerable.Range(0, 5).Select(i =>
        {
            var required = new Dictionary<string, int> { [Skills[random.Next(2)]] = random.Next(1, 4), [Skills[2 + random.Next(3)]] = random.Next(1, 4) };
            return TestQueues.Queue($"q{i}", $"t{i % 2}", required, random.Next(1, 11), random.Next(0, 3) * 5, 10) with { Strategy = ((RoutingStrategy)random.Next(5)).ToString() };
        }).ToList();
        var agents = Enumerable.Range(0, 12).Select(i => new RoutingAgent($"a{i}",
            Skills.Where(_ => random.NextDouble() < 0.7).ToDictionary(s => s, _ => random.Next(1, 6)))).ToList();
        return new World(queues, agents);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomOperations_KeepEveryRoutingInvariant(int seed) => Run(seed, reconfigure: false);

    /// <summary>The same, while an administrator adds queues and agents and changes their skills (the admin API).</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomOperations_WithQueuesAndAgentsChangedMeanwhile_KeepEveryRoutingInvariant(int seed) => Run(seed, reconfigure: true);

    private static void Run(int seed, bool reconfigure)
    {
        var random = new Random(seed);
        var world = RandomWorld(random);
        var engine = new RoutingEngine(world.Queues, world.Agents);
        var queueById = world.Queues.ToDictionary(q => q.Id);
        var agentById = world.Agents.ToDictionary(a => a.Id);
        var aging = engine.AgingPerLevel.Ticks;

        var now = T0;
        var calls = new Dictionary<Guid, (string Queue, int Priority, DateTimeOffset QueuedAt)>();
        var waiting = new HashSet<Guid>();
        var holding = new Dictionary<string, Guid>(); // agent -> offered or connected call
        var connected = new HashSet<Guid>();
        var onHold = new HashSet<Guid>();
        var endings = new Dictionary<Guid, int>();
        var states = world.Agents.ToDictionary(a => a.Id, _ => AgentState.LoggedOut);

        // The skills routing uses now: an agent's change waits while it holds a call.
        bool Eligible(string agent, string queue) => new RoutingAgent(agent, engine.SkillsOf(agent)!).Satisfies(queueById[queue].RequiredSkills);
        long Key(Guid c) => calls[c].QueuedAt.UtcTicks - calls[c].Priority * aging;

        void Check()
        {
            foreach (var e in engine.DrainEvents())
            {
                switch (e)
                {
                    case CallQueued q:
                        Assert.True(calls.TryAdd(q.CallId, (q.QueueId, q.Priority, q.QueuedAt)));
                        waiting.Add(q.CallId);
                        break;
                    case CallOffered o:
                        Assert.True(Eligible(o.AgentId, o.QueueId), $"seed {seed}: {o.AgentId} lacks the skills of {o.QueueId}");
                        Assert.False(holding.ContainsKey(o.AgentId), $"seed {seed}: {o.AgentId} offered a second call");
                        Assert.DoesNotContain(o.CallId, connected);
                        // A missed or rejected offer goes straight to the next agent: the new offer is the news.
                        foreach (var (previous, _) in holding.Where(h => h.Value == o.CallId).ToList())
                        {
                            holding.Remove(previous);
                            waiting.Add(o.CallId);
                        }
                        Assert.Contains(o.CallId, waiting);
                        // The best-scored eligible waiting call is served first (ties: first come, first served).
                        var better = waiting.Where(c => c != o.CallId && Eligible(o.AgentId, calls[c].Queue))
                            .Where(c => Key(c) < Key(o.CallId) || (Key(c) == Key(o.CallId) && calls[c].QueuedAt < calls[o.CallId].QueuedAt))
                            .ToList();
                        Assert.True(better.Count == 0, $"seed {seed}: {o.AgentId} got {o.CallId} while a better call waited");
                        waiting.Remove(o.CallId);
                        holding[o.AgentId] = o.CallId;
                        break;
                    case CallAnswered a:
                        Assert.Equal(a.CallId, holding[a.AgentId]);
                        connected.Add(a.CallId);
                        break;
                    case CallHeld h:
                        Assert.Contains(h.CallId, connected);
                        Assert.True(onHold.Add(h.CallId), $"seed {seed}: {h.CallId} held twice");
                        break;
                    case CallResumed r:
                        Assert.True(onHold.Remove(r.CallId), $"seed {seed}: {r.CallId} resumed while not held");
                        break;
                    case CallCompleted c:
                        Assert.Equal(c.CallId, holding[c.AgentId]);
                        // A held call's hold ends with it; talk and hold split the connected time.
                        onHold.Remove(c.CallId);
                        Assert.True(c.TalkSeconds >= 0 && c.HoldSeconds >= 0, $"seed {seed}: negative talk or hold");
                        Assert.Equal((c.CompletedAt - c.AnsweredAt).TotalSeconds, c.TalkSeconds + c.HoldSeconds, 6);
                        holding.Remove(c.AgentId);
                        connected.Remove(c.CallId);
                        endings[c.CallId] = endings.GetValueOrDefault(c.CallId) + 1;
                        break;
                    case CallAbandoned x:
                        Assert.DoesNotContain(x.CallId, connected);
                        waiting.Remove(x.CallId);
                        foreach (var (agent, call) in holding.Where(h => h.Value == x.CallId).ToList())
                            holding.Remove(agent);
                        endings[x.CallId] = endings.GetValueOrDefault(x.CallId) + 1;
                        break;
                    case CallRejected r:
                        waiting.Remove(r.CallId);
                        endings[r.CallId] = endings.GetValueOrDefault(r.CallId) + 1;
                        break;
                    case AgentStateChanged s:
                        var state = Enum.Parse<AgentState>(s.State);
                        states[s.AgentId] = state;
                        if (state is not (AgentState.Reserved or AgentState.OnCall) && holding.TryGetValue(s.AgentId, out var held) && !connected.Contains(held))
                        {
                            holding.Remove(s.AgentId); // the offer went back to the queue
                            waiting.Add(held);
                        }
                        break;
                }
            }
        }

        // Work-conserving, after every operation: no available agent idles beside a call it may take.
        void AssertWorkConserving()
        {
            foreach (var agent in world.Agents.Where(a => states[a.Id] == AgentState.Available))
                foreach (var call in waiting)
                    Assert.False(Eligible(agent.Id, calls[call].Queue), $"seed {seed}: {agent.Id} idles beside waiting {call}");
        }

        for (var step = 0; step < 1500; step++)
        {
            now = now.AddSeconds(random.Next(0, 4));
            var agentId = world.Agents[random.Next(world.Agents.Count)].Id;
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    engine.Enqueue(new IncomingCall(Guid.NewGuid(), world.Queues[random.Next(world.Queues.Count)].Id, "h", random.Next(1, 11)), now);
                    break;
                case 3:
                    var state = random.Next(4) switch { 0 => AgentState.NotReady, 1 => AgentState.LoggedOut, _ => AgentState.Available };
                    engine.SetAgentState(agentId, state, "break", now);
                    break;
                case 4 when holding.TryGetValue(agentId, out var offered) && !connected.Contains(offered):
                    if (random.Next(4) == 0) Assert.Equal(RoutingOutcome.Ok, engine.Reject(agentId, offered, now));
                    else Assert.Equal(RoutingOutcome.Ok, engine.Answer(agentId, offered, now));
                    break;
                case 5 when holding.TryGetValue(agentId, out var talking) && connected.Contains(talking):
                    if (random.Next(3) == 0)
                    {
                        // Hold or resume; the other one is refused.
                        var held = onHold.Contains(talking);
                        Assert.Equal(RoutingOutcome.InvalidState, held ? engine.Hold(agentId, talking, now) : engine.Resume(agentId, talking, now));
                        Assert.Equal(RoutingOutcome.Ok, held ? engine.Resume(agentId, talking, now) : engine.Hold(agentId, talking, now));
                    }
                    else
                    {
                        Assert.Equal(RoutingOutcome.Ok, engine.Complete(agentId, talking, null, now));
                    }
                    break;
                case 6 when waiting.Count > 0:
                    engine.Abandon(waiting.ElementAt(random.Next(waiting.Count)), now);
                    break;
                case 7:
                    // An agent acting on a call that is not theirs changes nothing.
                    var stranger = calls.Keys.FirstOrDefault(c => !holding.TryGetValue(agentId, out var mine) || mine != c);
                    if (stranger != Guid.Empty)
                        Assert.NotEqual(RoutingOutcome.Ok, engine.Answer(agentId, stranger, now));
                    break;
                case 8 when reconfigure:
                    var required = new Dictionary<string, int> { [Skills[random.Next(2)]] = random.Next(1, 4), [Skills[2 + random.Next(3)]] = random.Next(1, 4) };
                    switch (random.Next(4))
                    {
                        case 0:
                            var changed = world.Queues[random.Next(world.Queues.Count)] with { RequiredSkills = required, Strategy = ((RoutingStrategy)random.Next(5)).ToString() };
                            world.Queues[world.Queues.FindIndex(q => q.Id == changed.Id)] = changed;
                            queueById[changed.Id] = changed;
                            engine.AddOrUpdateQueue(changed, now);
                            break;
                        case 1:
                            var added = TestQueues.Queue($"q{world.Queues.Count}", $"t{random.Next(2)}", required, random.Next(1, 11), 0, 10);
                            world.Queues.Add(added);
                            queueById[added.Id] = added;
                            engine.AddOrUpdateQueue(added, now);
                            break;
                        default:
                            var agent = new RoutingAgent(random.Next(3) == 0 ? $"a{world.Agents.Count}" : agentId,
                                Skills.Where(_ => random.NextDouble() < 0.7).ToDictionary(k => k, _ => random.Next(1, 6)));
                            if (!agentById.ContainsKey(agent.Id)) { world.Agents.Add(agent); states[agent.Id] = AgentState.LoggedOut; }
                            agentById[agent.Id] = agent;
                            engine.AddOrUpdateAgent(agent, now);
                            break;
                    }
                    break;
                default:
                    engine.Tick(now);
                    break;
            }
            Check();
            AssertWorkConserving();
        }

        // Nobody is stuck Reserved: after the offer timeout every ringing offer has moved on.
        now = now.AddSeconds(11);
        engine.Tick(now);
        Check();
        foreach (var agent in world.Agents)
            if (engine.FindAgent(agent.Id)!.State == AgentState.Reserved)
                Assert.True(now - engine.FindAgent(agent.Id)!.Since < TimeSpan.FromSeconds(10), $"seed {seed}: {agent.Id} stuck reserved");

        AssertWorkConserving();

        // Drain: everyone available, answer and complete everything; every call then ends exactly once.
        for (var round = 0; round < 20_000 && (waiting.Count > 0 || holding.Count > 0); round++)
        {
            now = now.AddSeconds(1);
            foreach (var agent in world.Agents)
            {
                if (holding.TryGetValue(agent.Id, out var c))
                {
                    if (connected.Contains(c)) engine.Complete(agent.Id, c, null, now);
                    else engine.Answer(agent.Id, c, now);
                }
                else if (states[agent.Id] is AgentState.LoggedOut or AgentState.NotReady)
                {
                    engine.SetAgentState(agent.Id, AgentState.Available, null, now);
                }
                Check();
            }
            foreach (var stranded in waiting.Where(c => !world.Agents.Any(a => Eligible(a.Id, calls[c].Queue))).ToList())
                engine.Abandon(stranded, now);
            engine.Tick(now);
            Check();
        }
        Assert.Empty(waiting);
        Assert.Empty(holding);
        Assert.All(calls.Keys, c => Assert.Equal(1, endings.GetValueOrDefault(c)));
        Assert.Equal(0, engine.WaitingCalls);
    }

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(s => new object[] { s });
}
