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

    private enum EventKind : byte { Arrival, TraceArrival, Abandon, Answer, Complete, Tick, Staffing, BreakStart, BreakEnd, AgentReturn, DialOutcome }

    /// <summary><paramref name="Stream"/>: which of the queue's arrival streams (voice, chat, e-mail, messaging) an arrival comes from.</summary>
    private readonly record struct SimEvent(EventKind Kind, int Index, Guid CallId, byte Stream = 0);

    private sealed class CallInfo(int queue, ContactKind kind, long arrival, long handleTicks, bool counted)
    {
        public int Queue { get; } = queue;
        public ContactKind Kind { get; set; } = kind;
        public int DialAttempt { get; set; }
        public long Arrival { get; } = arrival;
        public long HandleTicks { get; } = handleTicks;
        public bool Counted { get; } = counted;
        public bool WasOffered { get; set; }
    }

    private sealed class QueueSim
    {
        public QueueSim(ValidQueue spec, int seed, int index)
        {
            Spec = spec;
            OfferTimeoutTicks = TimeSpan.FromSeconds(spec.OfferTimeoutSeconds).Ticks;
            WrapUpTicks = TimeSpan.FromSeconds(spec.WrapUpSeconds).Ticks;
            // Separate random streams, so that changing one draw (say patience, or adding chats) leaves the others alone.
            Streams = [new ContactStream(ContactKind.Voice, spec.HandleTime is null ? 0 : spec.ArrivalsPerHour, spec.HandleTime, spec.Patience, seed, index, 1)];
            if (spec.Chat is { } chat) Streams.Add(new ContactStream(ContactKind.Chat, chat.ArrivalsPerHour, chat.HandleTime, chat.Patience, seed, index, 5));
            if (spec.Email is { } email) Streams.Add(new ContactStream(ContactKind.Email, email.ArrivalsPerHour, email.HandleTime, email.Patience, seed, index, 8));
            if (spec.Messaging is { } messaging)
                Streams.Add(new ContactStream(ContactKind.Messaging, messaging.ArrivalsPerHour, messaging.HandleTime, messaging.Patience, seed, index, 13));
            CallbackChoice = new Random(Mix(seed, index, 11));
            CallbackReach = new Random(Mix(seed, index, 12));
        }

        public ValidQueue Spec { get; }
        public long OfferTimeoutTicks { get; }
        public long WrapUpTicks { get; }
        public List<ContactStream> Streams { get; }
        public Random CallbackChoice { get; }
        public Random CallbackReach { get; }
        public KindTally[] Tallies { get; } = [.. Enumerable.Range(0, ContactKindNames.Count).Select(_ => new KindTally())];
        public KindTally Voice => Tallies[(int)ContactKind.Voice];
        public int[] IntervalOffered = [], IntervalWithin = [], IntervalAbandoned = [];
    }

    private sealed class ContactStream(ContactKind kind, double perHour, Distribution? handle, Distribution? patience, int seed, int queue, int firstStream)
    {
        public ContactKind Kind { get; } = kind;
        public double PerHour { get; } = perHour;
        public Distribution? Handle { get; } = handle;
        public Distribution? Patience { get; } = patience;
        public Random Arrivals { get; } = new(Mix(seed, queue, firstStream));
        public Random HandleDraws { get; } = new(Mix(seed, queue, firstStream + 1));
        public Random PatienceDraws { get; } = new(Mix(seed, queue, firstStream + 2));
        public int Slice { get; set; }
        public double Clock { get; set; }
    }

    private sealed class KindTally
    {
        public int Offered, Answered, Abandoned, WithinThreshold, WithoutWait, Completed, CallbacksRequested;
        public double WaitAnswered, WaitAbandoned, Handled;
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
                profiles.Add(new RoutingAgent(agent.Id, group.Skills) { Capacity = group.Capacity, MixVoiceAndDigital = group.MixVoiceAndDigital });
            }
        }
        _agents = agents.ToArray();
        _engine = new RoutingEngine(
            _queues.Select(q => new QueueConfiguration(q.Spec.Id, q.Spec.Tenant, q.Spec.Id, LineOfBusiness: "", Language: "",
                q.Spec.RequiredSkills, q.Spec.Priority, WrapUpSeconds: (int)q.Spec.WrapUpSeconds, OfferTimeoutSeconds: (int)q.Spec.OfferTimeoutSeconds)
            {
                CallbackAttempts = q.Spec.CallbackOnWait?.Attempts,
                CallbackSpacingSeconds = q.Spec.CallbackOnWait?.SpacingSeconds is { } spacing ? (int)spacing : null,
            }),
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
        return new SimulationResult(_queues.Select(q => Summarise(q, ContactKind.Voice)).ToList(),
            _staffedTicks == 0 ? 0 : _busyTicks / _staffedTicks, _callCount, wall.Elapsed.TotalSeconds)
        {
            Contacts = _queues.Any(q => OtherKinds(q).Any()) ? [.. _queues.SelectMany(q => OtherKinds(q).Select(kind => Summarise(q, kind)))] : null,
        };
    }

    private void Start()
    {
        for (var q = 0; q < _queues.Length; q++)
            for (var stream = 0; stream < _queues[q].Streams.Count; stream++)
                ScheduleNextArrival(q, stream);
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
                var stream = _queues[e.Index].Streams[e.Stream];
                var handle = stream.Handle!.Sample(stream.HandleDraws);
                var patience = stream.Patience?.Sample(stream.PatienceDraws);
                StartCall(e.Index, stream.Kind, handle, patience);
                ScheduleNextArrival(e.Index, e.Stream);
                break;
            }
            case EventKind.TraceArrival:
            {
                var call = _scenario.Calls[_traceOrder[e.Index]];
                StartCall(call.Queue, ContactKind.Voice, call.HandleSeconds, call.PatienceSeconds);
                if (e.Index + 1 < _traceOrder.Length)
                    Schedule(Ticks(_scenario.Calls[_traceOrder[e.Index + 1]].ArrivalSeconds), e with { Index = e.Index + 1 });
                break;
            }
            case EventKind.Abandon:
                if (!ChoseCallback(e.Index, e.CallId))
                    _engine.Abandon(e.CallId, Now); // answered already: the engine says so and nothing changes
                break;
            case EventKind.Answer:
                _engine.Answer(_agents[e.Index].Id, e.CallId, Now);
                break;
            case EventKind.Complete:
                _engine.Complete(_agents[e.Index].Id, e.CallId, null, Now);
                // Ending a chat changes no agent state, so nothing else would send a leaving agent on its way.
                if (_agents[e.Index].Desired.State != AgentState.Available) Apply(_agents[e.Index]);
                break;
            case EventKind.DialOutcome:
                if (_calls.TryGetValue(e.CallId, out var dialled))
                {
                    var queue = _queues[dialled.Queue];
                    var reached = queue.CallbackReach.NextDouble() < queue.Spec.CallbackOnWait!.ReachProbability;
                    _engine.RecordCallbackAttempt(e.CallId, dialled.DialAttempt, reached ? CallbackOutcomes.Connected : CallbackOutcomes.NoAnswer, Now);
                }
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

    private void StartCall(int queueIndex, ContactKind kind, double handleSeconds, double? patienceSeconds)
    {
        var queue = _queues[queueIndex];
        var id = NextCallId();
        var counted = _now >= _warmupTicks;
        _calls.Add(id, new CallInfo(queueIndex, kind, _now, Ticks(handleSeconds), counted));
        if (counted)
        {
            queue.Tallies[(int)kind].Offered++;
            if (kind == ContactKind.Voice) Tally(queue.IntervalOffered, _now);
        }
        if (_engine.Enqueue(new IncomingCall(id, queue.Spec.Id, "simulated", null) { Kind = kind }, Now) != RoutingOutcome.Ok)
        {
            _calls.Remove(id); // refused at the door (a queue limit): offered, never answered nor abandoned
            return;
        }
        if (patienceSeconds is { } patience)
            Schedule(_now + Ticks(patience), new SimEvent(EventKind.Abandon, queueIndex, id));
    }

    /// <summary>A caller still in line when their patience runs out takes the callback offer with the queue's share; a
    /// callback waits without patience of its own and keeps the caller's place.</summary>
    private bool ChoseCallback(int queueIndex, Guid callId)
    {
        var queue = _queues[queueIndex];
        if (queue.Spec.CallbackOnWait is not { } offer || !_calls.TryGetValue(callId, out var call) || call.Kind != ContactKind.Voice ||
            _engine.FindCall(callId) is not { State: CallState.Waiting })
            return false;
        if (queue.CallbackChoice.NextDouble() >= offer.Share || _engine.RequestCallback(callId, Now) != RoutingOutcome.Ok)
            return false;
        call.Kind = ContactKind.Callback;
        if (call.Counted)
        {
            queue.Voice.CallbacksRequested++;
            queue.Tallies[(int)ContactKind.Callback].Offered++;
        }
        return true;
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
                    case CallbackDialRequested dial: OnDial(dial); break;
                    case CallbackAttempted { RetryAt: { } retryAt }: Schedule((retryAt - Epoch).Ticks, new SimEvent(EventKind.Tick, -1, Guid.Empty)); break;
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
            if (call.Counted && call.Arrival == _now) _queues[call.Queue].Tallies[(int)call.Kind].WithoutWait++;
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
            var tally = queue.Tallies[(int)call.Kind];
            var wait = (e.AnsweredAt - e.QueuedAt).TotalSeconds;
            tally.Answered++;
            tally.WaitAnswered += wait;
            if (wait <= queue.Spec.ServiceLevelThresholdSeconds)
            {
                tally.WithinThreshold++;
                if (call.Kind == ContactKind.Voice) Tally(queue.IntervalWithin, call.Arrival);
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
            queue.Tallies[(int)call.Kind].Completed++;
            queue.Tallies[(int)call.Kind].Handled += e.TalkSeconds + e.WrapUpSeconds;
        }
        if (queue.WrapUpTicks > 0)
            Schedule(_now + queue.WrapUpTicks, new SimEvent(EventKind.Tick, -1, Guid.Empty));
    }

    private void OnAbandoned(CallAbandoned e)
    {
        if (!_calls.Remove(e.CallId, out var call) || !call.Counted) return;
        var queue = _queues[call.Queue];
        queue.Tallies[(int)call.Kind].Abandoned++;
        if (call.Kind == ContactKind.Voice) Tally(queue.IntervalAbandoned, call.Arrival);
        queue.Tallies[(int)call.Kind].WaitAbandoned += (e.AbandonedAt - e.QueuedAt).TotalSeconds;
    }

    private void OnDial(CallbackDialRequested e)
    {
        if (!_calls.TryGetValue(e.CallId, out var call)) return;
        call.DialAttempt = e.Attempt;
        Schedule(_now + Ticks(_queues[call.Queue].Spec.CallbackOnWait?.DialSeconds ?? 0),
            new SimEvent(EventKind.DialOutcome, _agentsById[e.AgentId].Index, e.CallId));
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

    private void ScheduleNextArrival(int index, int streamIndex)
    {
        var spec = _queues[index].Spec;
        var queue = _queues[index].Streams[streamIndex];
        if (queue.PerHour <= 0 || queue.Handle is null) return;
        var profile = spec.ArrivalProfile;
        var slices = profile?.Count ?? 1;
        var sliceLength = _scenario.DurationSeconds / slices;
        // Piecewise-constant Poisson rate: draw within the current slice; past its end, restart at the next slice
        // (exact, because the exponential is memoryless).
        while (queue.Slice < slices)
        {
            var rate = queue.PerHour / 3600 * (profile?[queue.Slice] ?? 1);
            var end = (queue.Slice + 1) * sliceLength;
            if (rate > 0)
            {
                var next = queue.Clock - Math.Log(1 - queue.Arrivals.NextDouble()) / rate;
                if (next < end)
                {
                    queue.Clock = next;
                    Schedule(Ticks(next), new SimEvent(EventKind.Arrival, index, Guid.Empty, (byte)streamIndex));
                    return;
                }
            }
            queue.Slice++;
            queue.Clock = end;
        }
    }

    private static IEnumerable<ContactKind> OtherKinds(QueueSim q)
    {
        if (q.Spec.CallbackOnWait is not null) yield return ContactKind.Callback;
        foreach (var stream in q.Streams.Skip(1)) yield return stream.Kind;
    }

    private QueueResult Summarise(QueueSim queue, ContactKind kind)
    {
        var q = queue.Tallies[(int)kind];
        var waitedOrLeft = q.Answered + q.Abandoned;
        var voice = kind == ContactKind.Voice;
        return new QueueResult(queue.Spec.Id, q.Offered, q.Answered, q.Abandoned, q.WithinThreshold, queue.Spec.ServiceLevelThresholdSeconds,
            q.Answered == 0 ? 0 : q.WaitAnswered / q.Answered,
            waitedOrLeft == 0 ? 0 : (q.WaitAnswered + q.WaitAbandoned) / waitedOrLeft,
            q.Completed == 0 ? 0 : q.Handled / q.Completed)
        {
            Kind = kind.Name(),
            CallbacksRequested = q.CallbacksRequested,
            AnsweredWithoutWait = q.WithoutWait,
            Unfinished = q.Offered - q.Answered - q.Abandoned - q.CallbacksRequested,
            Intervals = voice && _intervalTicks > 0
                ? [.. queue.IntervalOffered.Select((offered, i) => new IntervalTally(offered, queue.IntervalWithin[i], queue.IntervalAbandoned[i]))]
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
