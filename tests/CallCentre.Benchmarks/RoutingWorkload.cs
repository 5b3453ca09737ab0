using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>A large centre and a mixed stream of operations for it, generated from a seed: 10,000 agents in 400 skill
/// profiles, 500 queues over 100 skills (80 lines of business, 20 languages), and a steady state of about 2,000 waiting
/// calls fed by arrivals, answers, completions and abandons.</summary>
public sealed class RoutingWorkload
{
    public const int Agents = 10_000, Queues = 500, Skills = 100, Profiles = 400, TargetWaiting = 2_000;

    public List<QueueConfiguration> QueueDefinitions { get; } = [];
    public List<RoutingAgent> AgentDefinitions { get; } = [];
    private readonly Random _random;

    public RoutingWorkload(int seed = 7)
    {
        _random = new Random(seed);
        string Skill(int i) => i < 80 ? $"lob{i:00}" : $"lang{i - 80:00}";
        var profiles = Enumerable.Range(0, Profiles).Select(p =>
        {
            var skills = new Dictionary<string, int>();
            while (skills.Count < 4) skills[Skill(_random.Next(80))] = 2 + _random.Next(4);
            while (skills.Count < 6) skills[Skill(80 + _random.Next(20))] = 2 + _random.Next(4);
            return skills;
        }).ToList();
        // Each queue needs one line of business and one language that some profile has (so every queue is staffed),
        // at a level at most that profile's; other profiles may qualify too.
        for (var q = 0; q < Queues; q++)
        {
            var profile = profiles[_random.Next(Profiles)];
            var lob = profile.Where(s => s.Key.StartsWith("lob")).ElementAt(_random.Next(4));
            var lang = profile.Where(s => s.Key.StartsWith("lang")).ElementAt(_random.Next(2));
            var required = new Dictionary<string, int> { [lob.Key] = 1 + _random.Next(lob.Value), [lang.Key] = 1 + _random.Next(lang.Value) };
            QueueDefinitions.Add(new QueueConfiguration($"q{q:000}", $"t{q % 50:00}", $"q{q:000}", lob.Key, lang.Key, required, 1 + _random.Next(10))
            {
                Strategy = ((RoutingStrategy)(q % 5)).ToString(),
            });
        }
        for (var a = 0; a < Agents; a++)
            AgentDefinitions.Add(new RoutingAgent($"a{a:00000}", profiles[a % Profiles]));
    }

    public enum Kind : byte { Arrive, Complete, Abandon }

    /// <summary>One scripted operation on a call (index into <see cref="CallIds"/>) or an agent (index into the agents).</summary>
    public readonly record struct Operation(Kind Kind, int Target);

    public Guid[] CallIds { get; private set; } = [];
    public IncomingCall[] Calls { get; private set; } = [];

    /// <summary>Builds an engine in steady state (every agent logged in and busy, about 2,000 calls waiting) and the script
    /// of <paramref name="operations"/> that follows; the engine must then replay it with <see cref="Apply"/>.</summary>
    public (RoutingEngine Engine, Operation[] Script, DateTimeOffset Start) Prepare(RoutingEvents sink, int operations) =>
        Prepare(new RoutingEngine(QueueDefinitions, AgentDefinitions, sink), operations);

    public (T Engine, Operation[] Script, DateTimeOffset Start) Prepare<T>(T engine, int operations) where T : IRoutingOperations
    {
        var now = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        foreach (var agent in AgentDefinitions)
            engine.SetAgentState(agent.Id, AgentState.Available, null, now);
        var total = Agents * 2 + TargetWaiting + operations;
        CallIds = new Guid[total];
        Calls = new IncomingCall[total];
        // Calls arrive where the agents are: a random agent's profile, then one of the queues it serves.
        var servedBy = AgentDefinitions.Take(Profiles)
            .Select(a => QueueDefinitions.Where(q => a.Satisfies(q.RequiredSkills)).ToArray()).ToArray();
        for (var i = 0; i < total; i++)
        {
            CallIds[i] = new Guid(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            var served = servedBy[_random.Next(Profiles)];
            var queue = served.Length > 0 ? served[_random.Next(served.Length)] : QueueDefinitions[_random.Next(Queues)];
            Calls[i] = new IncomingCall(CallIds[i], queue.Id, "caller-hash", 1 + _random.Next(10));
        }
        // Fill: offer a call to every agent, answer it, and let 2,000 more wait.
        var next = 0;
        for (; next < Agents * 2 && engine.WaitingCalls < TargetWaiting; next++)
        {
            engine.Enqueue(Calls[next], now);
        }
        foreach (var agent in AgentDefinitions)
            if (engine.FindAgent(agent.Id) is { State: AgentState.Reserved, CallId: { } c })
                engine.Answer(agent.Id, c, now);

        // The script, in proportions that hold the steady state: half arrivals; 45 % an agent ends their call (the engine
        // then gives them the best waiting call, which they answer); 5 % a recent caller hangs up.
        var script = new Operation[operations];
        for (var i = 0; i < operations; i++)
        {
            var roll = _random.Next(100);
            script[i] = roll switch
            {
                < 50 => new Operation(Kind.Arrive, next++),
                < 95 => new Operation(Kind.Complete, _random.Next(Agents)),
                _ => new Operation(Kind.Abandon, Math.Max(0, next - 1 - _random.Next(TargetWaiting))),
            };
        }
        return (engine, script, now);
    }

    /// <summary>Replays one operation; answers and completions go to the agent the script names if it is in that state.</summary>
    public void Apply<T>(T engine, in Operation op, DateTimeOffset now) where T : IRoutingOperations
    {
        switch (op.Kind)
        {
            // Holding the steady state of the issue (about 2,000 waiting): past it, an arrival turns into a completion.
            case Kind.Arrive when engine.WaitingCalls < TargetWaiting:
                engine.Enqueue(Calls[op.Target], now);
                break;
            case Kind.Arrive or Kind.Complete:
                var agent = AgentDefinitions[op.Target % Agents].Id;
                if (engine.CompleteCurrentCall(agent, now) == RoutingOutcome.Ok)
                    engine.AnswerCurrentOffer(agent, now);
                else if (engine.AnswerCurrentOffer(agent, now) != RoutingOutcome.Ok)
                    engine.SetAgentState(agent, AgentState.Available, null, now);
                break;
            case Kind.Abandon:
                engine.Abandon(CallIds[op.Target], now);
                break;
        }
    }
}
