using System.Diagnostics;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Virtual;

/// <summary>Callers and agents see only the engine's events; time in the engine's ticks, so that wrap-up deadlines land exactly.</summary>
public sealed class VirtualCentre
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly ValidScenario _scenario;
    private readonly RoutingEngine _engine;
    private readonly PriorityQueue<SimEvent, (long At, long Sequence)> _agenda = new();
    private readonly Dictionary<Guid, CallInfo> _calls = new();
    private readonly QueueSim[] _queues;
    private readonly AgentSim[] _agents;
    private readonly Dictionary<string, AgentSim> _agentsById = new(StringComparer.Ordinal);
    private readonly Random _agentBehaviour;
    private readonly long _warmupTicks, _durationTicks, _intervalTicks;
    private readonly int[] _traceOrder;
    private long _now, _sequence, _callCount;
    private double _busyTicks, _staffedTicks;

    private enum EventKind : byte { Arrival, TraceArrival, Abandon, Answer, Complete, Tick, Staffing, BreakStart, BreakEnd, AgentReturn }

    private readonly record struct SimEvent(EventKind Kind, int Index, Guid CallId);

    private sealed class CallInfo(int queue, long arrival, long handleTicks, bool counted)
    {
        public int Queue { get; } = queue;
        public long Arrival { get; } = arrival;
        public long HandleTicks { get; } = handleTicks;
        public bool Counted { get; } = counted;
        public bool WasOffered { get; set; }
    }

    private sealed class QueueSim(ValidQueue spec, int seed, int index)
    {
        public ValidQueue Spec { get; } = spec;
        public long OfferTimeoutTicks { get; } = TimeSpan.FromSeconds(spec.OfferTimeoutSeconds).Ticks;
        public long WrapUpTicks { get; } = TimeSpan.FromSeconds(spec.WrapUpSeconds).Ticks;
        // Separate streams, so that changing one draw (say patience) leaves the arrivals and talk times alone.
        public Random Arrivals { get; } = new(Mix(seed, index, 1));
        public Random Handle { get; } = new(Mix(seed, index, 2));
        public Random Patience { get; } = new(Mix(seed, index, 3));
        public int Slice { get; set; }
        public double Clock { get; set; }
        public int Offered, Answered, Abandoned, WithinThreshold, WithoutWait, Completed;
        public double WaitAnswered, WaitAbandoned, Handled;
        public int[] IntervalOffered = [], IntervalWithin = [], IntervalAbandoned = [];
    }

    private sealed class AgentSim(int index, string id, int group, int ordinal)
    {
        public int Index { get; } = index;
        public string Id { get; } = id;
        public int Group { get; } = group;
        public int Ordinal { get; } = ordinal;
        public bool OnDuty { get; set; }
        public int Breaks { get; set; }
        public AgentState State { get; set; } = AgentState.LoggedOut;
        public string? Reason { get; set; }
        public long Since { get; set; }
        public (AgentState State, string? Reason) Desired =>
            !OnDuty ? (AgentState.LoggedOut, null) : Breaks > 0 ? (AgentState.NotReady, "break") : (AgentState.Available, null);
    }

    /// <param name="intervalSeconds">Above 0: the counted calls are also tallied per interval of arrival (<see cref="QueueResult.Intervals"/>).</param>
    public VirtualCentre(ValidScenario scenario, double intervalSeconds = 0)
    {
        _scenario = scenario;
        _warmupTicks = Ticks(scenario.WarmupSeconds);
        _durationTicks = Ticks(scenario.DurationSeconds);
        _intervalTicks = Ticks(intervalSeconds);
        _queues = scenario.Queues.Select((q, i) => new QueueSim(q, scenario.Seed, i)).ToArray();
        if (_intervalTicks > 0)
        {
            var intervals = (int)((_durationTicks + _intervalTicks - 1) / _intervalTicks);
            foreach (var q in _queues) (q.IntervalOffered, q.IntervalWithin, q.IntervalAbandoned) = (new int[intervals], new int[intervals], new int[intervals]);
        }
        _agentBehaviour = new Random(Mix(scenario.Seed, -1, 4));
        var agents = new List<AgentSim>();
        var profiles = new List<RoutingAgent>();
        for (var g = 0; g < scenario.Agents.Count; g++)
        {
            var group = scenario.Agents[g];
            for (var k = 0; k < group.Count; k++)
            {
                var agent = new AgentSim(agents.Count, $"{group.Name}-{k + 1:000}", g, k);
                agents.Add(agent);
                _agentsById.Add(agent.Id, agent);
                profiles.Add(new RoutingAgent(agent.Id, group.Skills));
            }
        }
        _agents = agents.ToArray();
        _engine = new RoutingEngine(
            _queues.Select(q => new QueueConfiguration(q.Spec.Id, q.Spec.Tenant, q.Spec.Id, LineOfBusiness: "", Language: "",
                q.Spec.RequiredSkills, q.Spec.Priority, WrapUpSeconds: (int)q.Spec.WrapUpSeconds, OfferTimeoutSeconds: (int)q.Spec.OfferTimeoutSeconds)),
            profiles);
        _traceOrder = Enumerable.Range(0, scenario.Calls.Count).OrderBy(i => scenario.Calls[i].ArrivalSeconds).ThenBy(i => i).ToArray();
    }

    public static SimulationResult Run(ValidScenario scenario) => new VirtualCentre(scenario).Run();

    public SimulationResult Run()
    {
        var wall = Stopwatch.StartNew();
        Start();
        while (_agenda.TryDequeue(out var next, out var at))
        {
            _now = at.At;
            Handle(next);
            DrainEngine();
        }
        foreach (var agent in _agents)
            Account(agent, _durationTicks);
        wall.Stop();
        return new SimulationResult(_queues.Select(Summarise).ToList(),
            _staffedTicks == 0 ? 0 : _busyTicks / _staffedTicks, _callCount, wall.Elapsed.TotalSeconds);
    }

    private void Start()
    {
        for (var q = 0; q < _queues.Length; q++)
            ScheduleNextArrival(q);
        if (_traceOrder.Length > 0)
            Schedule(Ticks(_scenario.Calls[_traceOrder[0]].ArrivalSeconds), new SimEvent(EventKind.TraceArrival, 0, Guid.Empty));
        if (_scenario.Staffing.Count == 0)
        {
            foreach (var agent in _agents)
                agent.OnDuty = true;
        }
        else
        {
            for (var i = 0; i < _scenario.Staffing.Count; i++)
                Schedule(Ticks(_scenario.Staffing[i].FromSeconds), new SimEvent(EventKind.Staffing, i, Guid.Empty));
        }
        for (var g = 0; g < _scenario.Agents.Count; g++)
        {
            var group = _scenario.Agents[g];
            var first = Array.FindIndex(_agents, a => a.Group == g);
            foreach (var pause in group.Breaks)
                for (var k = 0; k < pause.Count; k++)
                {
                    var index = first + (pause.FirstAgent + k) % group.Count;
                    Schedule(Ticks(pause.FromSeconds), new SimEvent(EventKind.BreakStart, index, Guid.Empty));
                    Schedule(Ticks(pause.FromSeconds + pause.DurationSeconds), new SimEvent(EventKind.BreakEnd, index, Guid.Empty));
                }
        }
        foreach (var agent in _agents)
            Apply(agent);
        DrainEngine();
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Arrival:
            {
                var queue = _queues[e.Index];
                var handle = queue.Spec.HandleTime!.Sample(queue.Handle);
                var patience = queue.Spec.Patience?.Sample(queue.Patience);
                StartCall(e.Index, handle, patience);
                ScheduleNextArrival(e.Index);
                break;
            }
            case EventKind.TraceArrival:
            {
                var call = _scenario.Calls[_traceOrder[e.Index]];
                StartCall(call.Queue, call.HandleSeconds, call.PatienceSeconds);
                if (e.Index + 1 < _traceOrder.Length)
                    Schedule(Ticks(_scenario.Calls[_traceOrder[e.Index + 1]].ArrivalSeconds), e with { Index = e.Index + 1 });
                break;
            }
            case EventKind.Abandon:
                _engine.Abandon(e.CallId, Now); // answered already: the engine says so and nothing changes
                break;
            case EventKind.Answer:
                _engine.Answer(_agents[e.Index].Id, e.CallId, Now);
                break;
            case EventKind.Complete:
                _engine.Complete(_agents[e.Index].Id, e.CallId, null, Now);
                break;
            case EventKind.Tick:
                _engine.Tick(Now);
                break;
            case EventKind.Staffing:
            {
                var onDuty = _scenario.Staffing[e.Index].OnDuty;
                foreach (var agent in _agents)
                {
                    var duty = agent.Ordinal < onDuty[agent.Group];
                    if (duty == agent.OnDuty) continue;
                    agent.OnDuty = duty;
                    Apply(agent);
                }
                break;
            }
            case EventKind.BreakStart:
                _agents[e.Index].Breaks++;
                Apply(_agents[e.Index]);
                break;
            case EventKind.BreakEnd:
                _agents[e.Index].Breaks--;
                Apply(_agents[e.Index]);
                break;
            case EventKind.AgentReturn:
                Apply(_agents[e.Index]);
                break;
        }
    }

    private void StartCall(int queueIndex, double handleSeconds, double? patienceSeconds)
    {
        var queue = _queues[queueIndex];
        var id = NextCallId();
        var counted = _now >= _warmupTicks;
        _calls.Add(id, new CallInfo(queueIndex, _now, Ticks(handleSeconds), counted));
        if (counted)
        {
            queue.Offered++;
            Tally(queue.IntervalOffered, _now);
        }
        if (_engine.Enqueue(new IncomingCall(id, queue.Spec.Id, "simulated", null), Now) != RoutingOutcome.Ok)
        {
            _calls.Remove(id); // refused at the door (a queue limit): offered, never answered nor abandoned
            return;
        }
        if (patienceSeconds is { } patience)
            Schedule(_now + Ticks(patience), new SimEvent(EventKind.Abandon, queueIndex, id));
    }

    /// <summary>New events from reactions come in the next round, after the older ones.</summary>
    private void DrainEngine()
    {
        while (true)
        {
            var events = _engine.DrainEvents();
            if (events.Count == 0)
                return;
            foreach (var e in events)
            {
                switch (e)
                {
                    case CallOffered offered: OnOffered(offered); break;
                    case CallAnswered answered: OnAnswered(answered); break;
                    case CallCompleted completed: OnCompleted(completed); break;
                    case CallAbandoned abandoned: OnAbandoned(abandoned); break;
                    case AgentStateChanged changed: OnAgentStateChanged(changed); break;
                    case CallRejected rejected: _calls.Remove(rejected.CallId); break; // a queue limit cut the call off
                }
            }
        }
    }

    private void OnOffered(CallOffered e)
    {
        var agent = _agentsById[e.AgentId];
        if (!_calls.TryGetValue(e.CallId, out var call)) return;
        if (!call.WasOffered)
        {
            call.WasOffered = true;
            if (call.Counted && call.Arrival == _now) _queues[call.Queue].WithoutWait++;
        }
        if (agent.Desired.State != AgentState.Available)
        {
            // Going on break or off duty: decline, as an agent would press "not ready" while it rings.
            _engine.Reject(agent.Id, e.CallId, Now);
            return;
        }
        var group = _scenario.Agents[agent.Group];
        var index = agent.Index;
        var draw = group.MissOfferProbability > 0 || group.AnswerLateProbability > 0 ? _agentBehaviour.NextDouble() : 1;
        if (draw < group.MissOfferProbability)
            Schedule(_now + _queues[call.Queue].OfferTimeoutTicks, new SimEvent(EventKind.Tick, index, e.CallId));
        else if (draw < group.MissOfferProbability + group.AnswerLateProbability)
            Schedule(_now + Ticks(group.AnswerLateSeconds), new SimEvent(EventKind.Answer, index, e.CallId));
        else
            Schedule(_now + Ticks(group.RingSeconds), new SimEvent(EventKind.Answer, index, e.CallId));
    }

    private void OnAnswered(CallAnswered e)
    {
        if (!_calls.TryGetValue(e.CallId, out var call)) return;
        if (call.Counted)
        {
            var queue = _queues[call.Queue];
            var wait = (e.AnsweredAt - e.QueuedAt).TotalSeconds;
            queue.Answered++;
            queue.WaitAnswered += wait;
            if (wait <= queue.Spec.ServiceLevelThresholdSeconds)
            {
                queue.WithinThreshold++;
                Tally(queue.IntervalWithin, call.Arrival);
            }
        }
        var agent = _agentsById[e.AgentId];
        Schedule(_now + call.HandleTicks, new SimEvent(EventKind.Complete, agent.Index, e.CallId));
    }

    private void OnCompleted(CallCompleted e)
    {
        if (!_calls.Remove(e.CallId, out var call)) return;
        var queue = _queues[call.Queue];
        if (call.Counted)
        {
            queue.Completed++;
            queue.Handled += e.TalkSeconds + e.WrapUpSeconds;
        }
        if (queue.WrapUpTicks > 0)
            Schedule(_now + queue.WrapUpTicks, new SimEvent(EventKind.Tick, -1, Guid.Empty));
    }

    private void OnAbandoned(CallAbandoned e)
    {
        if (!_calls.Remove(e.CallId, out var call) || !call.Counted) return;
        var queue = _queues[call.Queue];
        queue.Abandoned++;
        Tally(queue.IntervalAbandoned, call.Arrival);
        queue.WaitAbandoned += (e.AbandonedAt - e.QueuedAt).TotalSeconds;
    }

    private void OnAgentStateChanged(AgentStateChanged e)
    {
        var agent = _agentsById[e.AgentId];
        var state = Enum.Parse<AgentState>(e.State);
        var at = (e.ChangedAt - Epoch).Ticks;
        Account(agent, at);
        agent.State = state;
        agent.Reason = e.Reason;
        agent.Since = at;

        var desired = agent.Desired;
        if (desired.State == AgentState.Available)
        {
            if (state == AgentState.NotReady && e.Reason == "missed")
                Schedule(_now + Ticks(_scenario.Agents[agent.Group].MissedRecoverySeconds),
                    new SimEvent(EventKind.AgentReturn, agent.Index, Guid.Empty));
        }
        else if (state is not (AgentState.Reserved or AgentState.OnCall) && (state, e.Reason) != desired)
        {
            _engine.SetAgentState(agent.Id, desired.State, desired.Reason, Now);
        }
    }

    /// <summary>Otherwise the agent's next state change (end of the call, end of the ring) does it.</summary>
    private void Apply(AgentSim agent)
    {
        var desired = agent.Desired;
        if (desired.State == AgentState.Available)
        {
            if (agent.State is AgentState.LoggedOut or AgentState.NotReady)
                _engine.SetAgentState(agent.Id, AgentState.Available, null, Now);
        }
        else if (agent.State is not (AgentState.Reserved or AgentState.OnCall) && (agent.State, agent.Reason) != desired)
        {
            _engine.SetAgentState(agent.Id, desired.State, desired.Reason, Now);
        }
    }

    /// <summary>Busy (ringing, talking, wrapping up) over staffed (busy or available), after the warm-up.</summary>
    private void Account(AgentSim agent, long until)
    {
        var from = Math.Max(agent.Since, _warmupTicks);
        var to = Math.Min(until, _durationTicks);
        if (to <= from) return;
        switch (agent.State)
        {
            case AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork:
                _busyTicks += to - from;
                _staffedTicks += to - from;
                break;
            case AgentState.Available:
                _staffedTicks += to - from;
                break;
        }
        agent.Since = until;
    }

    private void ScheduleNextArrival(int index)
    {
        var queue = _queues[index];
        var spec = queue.Spec;
        if (spec.ArrivalsPerHour <= 0 || spec.HandleTime is null) return;
        var profile = spec.ArrivalProfile;
        var slices = profile?.Count ?? 1;
        var sliceLength = _scenario.DurationSeconds / slices;
        // Piecewise-constant Poisson rate: draw within the current slice; past its end, restart at the next slice
        // (exact, because the exponential is memoryless).
        while (queue.Slice < slices)
        {
            var rate = spec.ArrivalsPerHour / 3600 * (profile?[queue.Slice] ?? 1);
            var end = (queue.Slice + 1) * sliceLength;
            if (rate > 0)
            {
                var next = queue.Clock - Math.Log(1 - queue.Arrivals.NextDouble()) / rate;
                if (next < end)
                {
                    queue.Clock = next;
                    Schedule(Ticks(next), new SimEvent(EventKind.Arrival, index, Guid.Empty));
                    return;
                }
            }
            queue.Slice++;
            queue.Clock = end;
        }
    }

    private QueueResult Summarise(QueueSim q)
    {
        var waitedOrLeft = q.Answered + q.Abandoned;
        return new QueueResult(q.Spec.Id, q.Offered, q.Answered, q.Abandoned, q.WithinThreshold, q.Spec.ServiceLevelThresholdSeconds,
            q.Answered == 0 ? 0 : q.WaitAnswered / q.Answered,
            waitedOrLeft == 0 ? 0 : (q.WaitAnswered + q.WaitAbandoned) / waitedOrLeft,
            q.Completed == 0 ? 0 : q.Handled / q.Completed)
        {
            AnsweredWithoutWait = q.WithoutWait,
            Unfinished = q.Offered - q.Answered - q.Abandoned,
            Intervals = _intervalTicks > 0
                ? [.. q.IntervalOffered.Select((offered, i) => new IntervalTally(offered, q.IntervalWithin[i], q.IntervalAbandoned[i]))]
                : null,
        };
    }

    private void Tally(int[] counts, long arrival)
    {
        if (_intervalTicks > 0 && arrival / _intervalTicks < counts.Length) counts[arrival / _intervalTicks]++;
    }

    private void Schedule(long at, SimEvent e) => _agenda.Enqueue(e, (at, ++_sequence));

    private DateTimeOffset Now => Epoch.AddTicks(_now);

    private Guid NextCallId()
    {
        var n = ++_callCount;
        return new Guid((int)n, (short)(n >> 32), (short)(n >> 48), 0x51, 0x4d, 0, 0, 0, 0, 0, 0);
    }

    private static long Ticks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);

    private static int Mix(int seed, int index, int stream)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u ^ (uint)(index + 1) * 0x85EBCA77u ^ (uint)stream * 0xC2B2AE3Du;
            h ^= h >> 16;
            h *= 0x7FEB352Du;
            h ^= h >> 15;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
