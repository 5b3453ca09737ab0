using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>The ACD: a pure, synchronous state machine. No I/O and no clock: every operation takes <c>now</c>, and what
/// happened comes out as contract events through <see cref="DrainEvents"/>. One writer at a time (see RoutingLoop).
/// Waiting calls sit per queue in an ordered set (priority, then arrival); an agent is matched among the agents
/// eligible for a queue, longest idle first.</summary>
public sealed class RoutingEngine
{
    /// <summary>After this many offers in a row missed or rejected, the agent is put NotReady("missed").</summary>
    public const int MaxConsecutiveMissedOffers = 2;

    private readonly Dictionary<string, QueueSlot> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentSlot> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, CallSlot> _calls = new();
    private readonly List<object> _events = [];
    private readonly HashSet<string> _dirtyQueues = new(StringComparer.Ordinal);
    private long _sequence;

    public RoutingEngine(IEnumerable<RoutingQueue> queues, IEnumerable<RoutingAgent> agents)
    {
        foreach (var queue in queues)
            _queues.Add(queue.Id, new QueueSlot(queue));
        foreach (var agent in agents)
        {
            var slot = new AgentSlot(agent);
            foreach (var queue in _queues.Values.Where(q => agent.Satisfies(q.Definition.RequiredSkills)))
            {
                slot.Queues.Add(queue);
                queue.Agents.Add(slot);
            }
            slot.TenantIds = slot.Queues.Select(q => q.Definition.TenantId).Distinct().Order().ToArray();
            _agents.Add(agent.Id, slot);
        }
    }

    public bool HasQueue(string queueId) => _queues.ContainsKey(queueId);
    public RoutingQueue? FindQueue(string queueId) => _queues.TryGetValue(queueId, out var q) ? q.Definition : null;
    public bool HasAgent(string agentId) => _agents.ContainsKey(agentId);

    /// <summary>Events produced since the last drain, in the order they happened.</summary>
    public IReadOnlyList<object> DrainEvents()
    {
        var drained = _events.ToArray();
        _events.Clear();
        return drained;
    }

    /// <summary>Queues whose snapshot changed since the last call.</summary>
    public IReadOnlyList<string> DrainDirtyQueues()
    {
        var drained = _dirtyQueues.ToArray();
        _dirtyQueues.Clear();
        return drained;
    }

    public RoutingOutcome Enqueue(IncomingCall incoming, DateTimeOffset now)
    {
        if (!_queues.TryGetValue(incoming.QueueId, out var queue))
            return RoutingOutcome.UnknownQueue;
        if (_calls.ContainsKey(incoming.CallId))
            return RoutingOutcome.Duplicate;
        var call = new CallSlot(incoming.CallId, queue, incoming.CallerHash,
            Math.Clamp(incoming.Priority ?? queue.Definition.Priority, 1, 10), now, ++_sequence);
        _calls.Add(call.Id, call);
        queue.Waiting.Add(call);
        Emit(new CallQueued(call.Id, queue.Definition.TenantId, queue.Definition.Id, call.CallerHash, call.Priority, now), queue);
        TryOfferToAgent(queue, now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome SetAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        if (!_agents.TryGetValue(agentId, out var agent))
            return RoutingOutcome.UnknownAgent;
        if (state is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork)
            return RoutingOutcome.InvalidState; // only the engine puts an agent there
        if (agent.State is AgentState.Reserved or AgentState.OnCall)
            return RoutingOutcome.InvalidState; // finish or reject the call first
        ChangeAgentState(agent, state, state == AgentState.NotReady ? reason ?? "unspecified" : null, now);
        if (state == AgentState.Available)
        {
            agent.MissedOffers = 0;
            TryOfferToCall(agent, now);
        }
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Answer(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, call) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        if (call!.State != CallState.Offered) return RoutingOutcome.InvalidState;
        call.State = CallState.OnCall;
        call.AnsweredAt = now;
        agent!.MissedOffers = 0;
        Emit(new CallAnswered(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent.Id, call.QueuedAt, now), call.Queue);
        ChangeAgentState(agent, AgentState.OnCall, null, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent declines the ringing offer: the call goes back to its place in line.</summary>
    public RoutingOutcome Reject(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, call) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        if (call!.State != CallState.Offered) return RoutingOutcome.InvalidState;
        ReturnOffer(agent!, call, "rejected", now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Complete(string agentId, Guid callId, string? disposition, DateTimeOffset now)
    {
        var (outcome, agent, call) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        if (call!.State != CallState.OnCall) return RoutingOutcome.InvalidState;
        var q = call.Queue.Definition;
        var talk = (now - call.AnsweredAt!.Value).TotalSeconds;
        call.State = CallState.Ended;
        _calls.Remove(call.Id);
        Emit(new CallCompleted(call.Id, q.TenantId, q.Id, agent!.Id, call.QueuedAt, call.AnsweredAt.Value, now,
            talk, q.WrapUp.TotalSeconds, disposition), call.Queue);
        agent.CallId = null;
        if (q.WrapUp > TimeSpan.Zero)
        {
            agent.WrapUpEndsAt = now + q.WrapUp;
            ChangeAgentState(agent, AgentState.AfterCallWork, null, now);
        }
        else
        {
            BecomeAvailable(agent, now);
        }
        return RoutingOutcome.Ok;
    }

    /// <summary>The caller hung up before being answered (while waiting, or while the offer rang).</summary>
    public RoutingOutcome Abandon(Guid callId, DateTimeOffset now)
    {
        if (!_calls.TryGetValue(callId, out var call))
            return RoutingOutcome.UnknownCall;
        if (call.State is not (CallState.Waiting or CallState.Offered))
            return RoutingOutcome.InvalidState;
        var ringingAgent = call.State == CallState.Offered ? _agents[call.AgentId!] : null;
        call.Queue.Waiting.Remove(call);
        call.State = CallState.Ended;
        _calls.Remove(call.Id);
        Emit(new CallAbandoned(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, call.QueuedAt, now), call.Queue);
        if (ringingAgent is not null)
        {
            ringingAgent.CallId = null;
            BecomeAvailable(ringingAgent, now);
        }
        return RoutingOutcome.Ok;
    }

    /// <summary>Advances time: offers that rang too long go to the next agent; wrap-up that ran out ends.</summary>
    public void Tick(DateTimeOffset now)
    {
        foreach (var agent in _agents.Values)
        {
            if (agent.State == AgentState.Reserved && agent.CallId is { } callId &&
                _calls.TryGetValue(callId, out var call) && now - call.OfferedAt >= call.Queue.Definition.OfferTimeout)
                ReturnOffer(agent, call, "missed", now);
            else if (agent.State == AgentState.AfterCallWork && agent.WrapUpEndsAt <= now)
                BecomeAvailable(agent, now);
        }
        // A call handed back by the only eligible agent waits beside that available agent: offer it again.
        foreach (var queue in _queues.Values)
            if (queue.Waiting.Count > 0)
                TryOfferToAgent(queue, now);
    }

    public CallView? FindCall(Guid callId)
    {
        if (!_calls.TryGetValue(callId, out var call)) return null;
        int? position = call.State == CallState.Waiting ? call.Queue.Waiting.GetViewBetween(call.Queue.Waiting.Min!, call).Count : null;
        return new CallView(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, call.State, call.AgentId, call.QueuedAt, position);
    }

    public AgentView? FindAgent(string agentId)
    {
        if (!_agents.TryGetValue(agentId, out var agent)) return null;
        var call = agent.CallId is { } id && _calls.TryGetValue(id, out var c) ? c : null;
        return new AgentView(agent.Id, agent.State, agent.Reason, agent.Since, call?.Id, call?.Queue.Definition.Id,
            call?.Queue.Definition.TenantId, call?.QueuedAt);
    }

    public IEnumerable<AgentView> Agents => _agents.Keys.Select(id => FindAgent(id)!);

    public IReadOnlyList<string> TenantsOfAgent(string agentId) => _agents.TryGetValue(agentId, out var a) ? a.TenantIds : [];

    public QueueSnapshot Snapshot(string queueId, DateTimeOffset now)
    {
        var queue = _queues[queueId];
        int available = 0, reserved = 0, onCall = 0, wrapUp = 0, notReady = 0;
        foreach (var agent in queue.Agents)
        {
            switch (agent.State)
            {
                case AgentState.Available: available++; break;
                case AgentState.Reserved: reserved++; break;
                case AgentState.OnCall: onCall++; break;
                case AgentState.AfterCallWork: wrapUp++; break;
                case AgentState.NotReady: notReady++; break;
            }
        }
        var oldest = queue.Waiting.Count == 0 ? 0 : (now - queue.Waiting.Min(c => c.QueuedAt)).TotalSeconds;
        return new QueueSnapshot(queue.Definition.TenantId, queue.Definition.Id, queue.Waiting.Count, Math.Max(0, oldest),
            available, reserved, onCall, wrapUp, notReady, now);
    }

    private (RoutingOutcome, AgentSlot?, CallSlot?) FindAgentsCall(string agentId, Guid callId)
    {
        if (!_agents.TryGetValue(agentId, out var agent)) return (RoutingOutcome.UnknownAgent, null, null);
        if (!_calls.TryGetValue(callId, out var call)) return (RoutingOutcome.UnknownCall, agent, null);
        if (call.AgentId != agentId) return (RoutingOutcome.NotAgentsCall, agent, call);
        return (RoutingOutcome.Ok, agent, call);
    }

    private void ReturnOffer(AgentSlot agent, CallSlot call, string reason, DateTimeOffset now)
    {
        call.State = CallState.Waiting;
        call.AgentId = null;
        call.Queue.Waiting.Add(call); // same key: the call keeps its place in line
        _dirtyQueues.Add(call.Queue.Definition.Id);
        agent.CallId = null;
        agent.MissedOffers++;
        if (agent.MissedOffers >= MaxConsecutiveMissedOffers)
        {
            ChangeAgentState(agent, AgentState.NotReady, reason == "missed" ? "missed" : "rejected", now);
            TryOfferToAgent(call.Queue, now);
        }
        else
        {
            // Make the agent the least idle so that the call goes to someone else first.
            agent.IdleSince = now;
            ChangeAgentState(agent, AgentState.Available, null, now);
            TryOfferToAgent(call.Queue, now, exclude: agent);
            if (agent.State == AgentState.Available)
                TryOfferToCall(agent, now, exclude: call);
        }
    }

    private void BecomeAvailable(AgentSlot agent, DateTimeOffset now)
    {
        agent.IdleSince = now;
        ChangeAgentState(agent, AgentState.Available, null, now);
        TryOfferToCall(agent, now);
    }

    /// <summary>A call is waiting in <paramref name="queue"/>: find the longest-idle available eligible agent for its head.</summary>
    private void TryOfferToAgent(QueueSlot queue, DateTimeOffset now, AgentSlot? exclude = null)
    {
        while (queue.Waiting.Count > 0)
        {
            AgentSlot? best = null;
            foreach (var agent in queue.Agents)
                if (agent.State == AgentState.Available && agent != exclude && (best is null || agent.IdleSince < best.IdleSince))
                    best = agent;
            if (best is null)
                return;
            // The agent may serve other queues whose head should go first.
            var call = BestCallFor(best, exclude: null) ?? queue.Waiting.Min!;
            Offer(best, call, now);
        }
    }

    /// <summary>An agent became available: give it the best waiting call among the queues it serves.</summary>
    private void TryOfferToCall(AgentSlot agent, DateTimeOffset now, CallSlot? exclude = null)
    {
        var call = BestCallFor(agent, exclude);
        if (call is not null)
            Offer(agent, call, now);
    }

    private static CallSlot? BestCallFor(AgentSlot agent, CallSlot? exclude)
    {
        CallSlot? best = null;
        foreach (var queue in agent.Queues)
        {
            foreach (var candidate in queue.Waiting)
            {
                if (candidate == exclude) continue;
                if (best is null || CallOrder.Instance.Compare(candidate, best) < 0)
                    best = candidate;
                break;
            }
        }
        return best;
    }

    private void Offer(AgentSlot agent, CallSlot call, DateTimeOffset now)
    {
        call.Queue.Waiting.Remove(call);
        call.State = CallState.Offered;
        call.AgentId = agent.Id;
        call.OfferedAt = now;
        agent.CallId = call.Id;
        Emit(new CallOffered(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent.Id, call.QueuedAt, now), call.Queue);
        ChangeAgentState(agent, AgentState.Reserved, null, now);
    }

    private void ChangeAgentState(AgentSlot agent, AgentState state, string? reason, DateTimeOffset now)
    {
        if (agent.State == state && agent.Reason == reason) return;
        agent.State = state;
        agent.Reason = reason;
        agent.Since = now;
        if (state == AgentState.Available && agent.IdleSince == default)
            agent.IdleSince = now;
        _events.Add(new AgentStateChanged(agent.Id, agent.TenantIds, state.ToString(), reason, agent.CallId, now));
        foreach (var queue in agent.Queues)
            _dirtyQueues.Add(queue.Definition.Id);
    }

    private void Emit(object @event, QueueSlot queue)
    {
        _events.Add(@event);
        _dirtyQueues.Add(queue.Definition.Id);
    }

    private sealed class QueueSlot(RoutingQueue definition)
    {
        public RoutingQueue Definition { get; } = definition;
        public SortedSet<CallSlot> Waiting { get; } = new(CallOrder.Instance);
        public List<AgentSlot> Agents { get; } = [];
    }

    private sealed class AgentSlot(RoutingAgent profile)
    {
        public string Id { get; } = profile.Id;
        public List<QueueSlot> Queues { get; } = [];
        public string[] TenantIds { get; set; } = [];
        public AgentState State { get; set; } = AgentState.LoggedOut;
        public string? Reason { get; set; }
        public DateTimeOffset Since { get; set; }
        public DateTimeOffset IdleSince { get; set; }
        public DateTimeOffset WrapUpEndsAt { get; set; }
        public Guid? CallId { get; set; }
        public int MissedOffers { get; set; }
    }

    private sealed class CallSlot(Guid id, QueueSlot queue, string callerHash, int priority, DateTimeOffset queuedAt, long sequence)
    {
        public Guid Id { get; } = id;
        public QueueSlot Queue { get; } = queue;
        public string CallerHash { get; } = callerHash;
        public int Priority { get; } = priority;
        public DateTimeOffset QueuedAt { get; } = queuedAt;
        public long Sequence { get; } = sequence;
        public CallState State { get; set; } = CallState.Waiting;
        public string? AgentId { get; set; }
        public DateTimeOffset OfferedAt { get; set; }
        public DateTimeOffset? AnsweredAt { get; set; }
    }

    /// <summary>Higher priority first, then first come, first served.</summary>
    private sealed class CallOrder : IComparer<CallSlot>
    {
        public static readonly CallOrder Instance = new();
        public int Compare(CallSlot? x, CallSlot? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var byPriority = y!.Priority.CompareTo(x!.Priority);
            if (byPriority != 0) return byPriority;
            var byTime = x.QueuedAt.CompareTo(y.QueuedAt);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
