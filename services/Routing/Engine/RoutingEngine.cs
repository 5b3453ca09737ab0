using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>The ACD: a pure, synchronous, deterministic state machine. No I/O and no clock: every operation takes <c>now</c>,
/// and what happened goes to a <see cref="RoutingEvents"/> sink. One writer at a time (see <see cref="RoutingLoop"/>).
/// <para>Indexes, so that a routing decision never scans all agents or all calls:</para>
/// <list type="bullet">
/// <item>Agents with identical skills form a team; each team keeps its available agents in four heaps, one per ordering
/// (longest idle, round robin, fewest calls, least talk). A queue knows the teams that may take its calls at each
/// escalation tier, and a team the queues (and from which tier) it may serve.</item>
/// <item>Each queue keeps its waiting calls in a heap per tier ordered by the ageing priority key, and in a heap per tier
/// ordered by when they entered the queue, for escalation and maximum-wait timers.</item>
/// </list>
/// <para>Ageing priority: a call's score at time t is <c>priority + (t − queuedAt) / A</c> in priority levels, with
/// A = <see cref="AgingPerLevel"/> (30 s by default): a call gains one level for every A seconds it waits, so a
/// low-priority call is never starved. The order of two scores never changes with t, so calls are kept ordered by the
/// static key <c>queuedAt − priority × A</c> (smaller first); equal keys are first come, first served.</para>
/// </summary>
public sealed partial class RoutingEngine : IRoutingOperations
{
    /// <summary>After this many offers in a row missed or rejected, the agent is put NotReady ("missed" or "rejected").</summary>
    public const int MaxConsecutiveMissedOffers = 2;
    private const int MaxOverflowHops = 5;

    private readonly RoutingEvents _events;
    private readonly ContractEventBuffer? _buffer;
    private readonly long _agingTicks;
    private readonly List<QueueSlot> _queues = [];
    private readonly Dictionary<string, QueueSlot> _queueById = new(StringComparer.Ordinal);
    private readonly List<Team> _teams = [];
    private readonly List<AgentSlot> _agents = [];
    private readonly Dictionary<string, AgentSlot> _agentById = new(StringComparer.Ordinal);
    private CallSlot[] _calls = new CallSlot[64];
    private readonly Stack<int> _freeCalls = new();
    private int _callSlotsUsed;
    private readonly Dictionary<Guid, int> _callIndex = new();
    private readonly List<QueueSlot> _dirty = [];
    private readonly IndexedHeap _offerDeadlines;
    private readonly IndexedHeap _wrapUpDeadlines;
    private readonly IndexedHeap _preferredDeadlines;
    private readonly Dictionary<string, Team> _teamByProfile = new(StringComparer.Ordinal);
    private long _sequence;
    private long _offerSequence;

    public RoutingEngine(IEnumerable<RoutingQueue> queues, IEnumerable<RoutingAgent> agents, RoutingEvents? events = null, TimeSpan? agingPerLevel = null)
    {
        _buffer = events is null ? new ContractEventBuffer() : null;
        _events = events ?? _buffer!;
        AgingPerLevel = agingPerLevel ?? TimeSpan.FromSeconds(30);
        _agingTicks = AgingPerLevel.Ticks;
        _offerDeadlines = new IndexedHeap(new AgentByOfferDeadline(this));
        _wrapUpDeadlines = new IndexedHeap(new AgentByWrapUpEnd(this));
        _preferredDeadlines = new IndexedHeap(new CallByPreferredDeadline(this));

        foreach (var definition in queues)
        {
            var slot = new QueueSlot(_queues.Count, definition, this);
            _queues.Add(slot);
            _queueById.Add(definition.Id, slot);
        }
        foreach (var agent in agents)
        {
            var slot = new AgentSlot(_agents.Count, agent.Id, TeamFor(agent));
            slot.Team.Members.Add(slot);
            slot.Team.StateCounts[(int)AgentState.LoggedOut]++;
            _agents.Add(slot);
            _agentById.Add(agent.Id, slot);
        }
        Relink();
    }

    /// <summary>The ageing rate: a waiting call gains one priority level per this much waiting.</summary>
    public TimeSpan AgingPerLevel { get; }

    public bool HasQueue(string queueId) => _queueById.ContainsKey(queueId);
    public RoutingQueue? FindQueue(string queueId) => _queueById.TryGetValue(queueId, out var q) ? q.Definition : null;
    public bool HasAgent(string agentId) => _agentById.ContainsKey(agentId);
    public IReadOnlyList<string> TenantsOfAgent(string agentId) => _agentById.TryGetValue(agentId, out var a) ? a.Team.TenantIds : [];

    /// <summary>Whether the agent may be offered the queue's calls from their first minute; a call may name only such an agent.</summary>
    public bool IsEligible(string agentId, string queueId) =>
        _agentById.TryGetValue(agentId, out var agent) && _queueById.TryGetValue(queueId, out var queue) && agent.Team.IsEligibleFor(queue);
    public int WaitingCalls => _callIndex.Count;

    /// <summary>Why the last <see cref="Enqueue"/> answered Rejected (closed, full, max-wait).</summary>
    public string? LastRejectionReason { get; private set; }

    /// <summary>Events produced since the last drain, as contract records (only with the default sink).</summary>
    public IReadOnlyList<object> DrainEvents() => _buffer?.Drain() ?? [];

    /// <summary>Queues whose snapshot changed since the last call.</summary>
    public IReadOnlyList<string> DrainDirtyQueues()
    {
        var drained = new string[_dirty.Count];
        for (var i = 0; i < _dirty.Count; i++)
        {
            drained[i] = _dirty[i].Definition.Id;
            _dirty[i].Dirty = false;
        }
        _dirty.Clear();
        return drained;
    }

    // ---------------------------------------------------------------- calls

    public RoutingOutcome Enqueue(IncomingCall incoming, DateTimeOffset now)
    {
        LastRejectionReason = null;
        if (!_queueById.TryGetValue(incoming.QueueId, out var queue))
            return RoutingOutcome.UnknownQueue;
        if (_callIndex.ContainsKey(incoming.CallId))
            return RoutingOutcome.Duplicate;
        var index = AllocateCall();
        var call = _calls[index];
        call.Id = incoming.CallId;
        call.CallerHash = incoming.CallerHash;
        call.Priority = Math.Clamp(incoming.Priority ?? queue.Definition.Priority, 1, 10);
        call.QueuedAt = now;
        call.OrderKey = now.UtcTicks - call.Priority * _agingTicks;
        call.Sequence = ++_sequence;
        call.PreferredAgent = incoming.PreferredAgentId is { } preferred && _agentById.TryGetValue(preferred, out var agent) &&
                              agent.Team.IsEligibleFor(queue) ? agent.Index : -1;
        call.PreferredUntil = now + queue.Definition.PreferredAgentTimeout;
        call.Queue = queue;
        _callIndex.Add(call.Id, index);
        _events.CallQueued(call.Id, queue.Definition.TenantId, queue.Definition.Id, call.CallerHash, call.Priority, now);
        MarkDirty(queue);
        Admit(index, queue, now, hops: 0);
        return _calls[index].State == CallState.Ended ? RoutingOutcome.Rejected : RoutingOutcome.Ok;
    }

    /// <summary>The caller hung up before being answered (while waiting, or while the offer rang).</summary>
    public RoutingOutcome Abandon(Guid callId, DateTimeOffset now)
    {
        if (!_callIndex.TryGetValue(callId, out var index))
            return RoutingOutcome.UnknownCall;
        var call = _calls[index];
        if (call.State is not (CallState.Waiting or CallState.Offered))
            return RoutingOutcome.InvalidState;
        var ringing = call.State == CallState.Offered ? _agents[call.Agent] : null;
        if (ringing is null)
            RemoveWaiting(index);
        _events.CallAbandoned(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, call.QueuedAt, now);
        MarkDirty(call.Queue);
        FreeCall(index);
        if (ringing is not null)
        {
            _offerDeadlines.Remove(ringing.Index);
            ringing.Call = -1;
            BecomeAvailable(ringing, now);
        }
        return RoutingOutcome.Ok;
    }

    // ---------------------------------------------------------------- agents

    public RoutingOutcome SetAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        if (!_agentById.TryGetValue(agentId, out var agent))
            return RoutingOutcome.UnknownAgent;
        if (state is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork)
            return RoutingOutcome.InvalidState; // only the engine puts an agent there
        if (agent.State is AgentState.Reserved or AgentState.OnCall)
            return RoutingOutcome.InvalidState; // finish or reject the call first
        ChangeState(agent, state, reason, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>A supervisor sets an agent's state. A ringing offer goes back to its place in line (not counted as missed);
    /// a connected call cannot be forced away.</summary>
    public RoutingOutcome ForceAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        if (!_agentById.TryGetValue(agentId, out var agent))
            return RoutingOutcome.UnknownAgent;
        if (state is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork || agent.State == AgentState.OnCall)
            return RoutingOutcome.InvalidState;
        if (agent.State == AgentState.Reserved)
        {
            var call = agent.Call;
            _offerDeadlines.Remove(agent.Index);
            agent.Call = -1;
            ReturnToQueue(call, now);
            ChangeState(agent, state, reason ?? "supervisor", now);
            TryMatchCall(call, now);
            return RoutingOutcome.Ok;
        }
        ChangeState(agent, state, reason ?? (state == AgentState.NotReady ? "supervisor" : null), now);
        return RoutingOutcome.Ok;
    }

    private void ChangeState(AgentSlot agent, AgentState state, string? reason, DateTimeOffset now)
    {
        if (agent.State == AgentState.AfterCallWork)
            EndWrapUp(agent, now);
        if (state == AgentState.Available)
        {
            if (agent.State != AgentState.Available)
                agent.IdleSince = now;
            agent.Missed = 0;
            SetState(agent, AgentState.Available, null, now);
            TryMatchAgent(agent, now, exclude: -1);
        }
        else
        {
            SetState(agent, state, state == AgentState.NotReady ? reason ?? "unspecified" : null, now);
        }
    }

    public RoutingOutcome Answer(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = _calls[index];
        if (call.State != CallState.Offered) return RoutingOutcome.InvalidState;
        _offerDeadlines.Remove(agent!.Index);
        call.State = CallState.OnCall;
        call.AnsweredAt = now;
        call.HoldSeconds = 0;
        call.HeldSince = null;
        agent.Missed = 0;
        agent.CallsToday++;
        _events.CallAnswered(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent.Id, call.QueuedAt, now);
        MarkDirty(call.Queue);
        SetState(agent, AgentState.OnCall, null, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent answers whatever rings on their phone (the simulator's and the benchmark's agents).</summary>
    public RoutingOutcome AnswerCurrentOffer(string agentId, DateTimeOffset now) =>
        _agentById.TryGetValue(agentId, out var agent) && agent.Call >= 0 && _calls[agent.Call].State == CallState.Offered
            ? Answer(agentId, _calls[agent.Call].Id, now)
            : RoutingOutcome.InvalidState;

    /// <summary>The agent ends the call they are connected to.</summary>
    public RoutingOutcome CompleteCurrentCall(string agentId, DateTimeOffset now) =>
        _agentById.TryGetValue(agentId, out var agent) && agent.Call >= 0 && _calls[agent.Call].State == CallState.OnCall
            ? Complete(agentId, _calls[agent.Call].Id, null, now)
            : RoutingOutcome.InvalidState;

    /// <summary>The agent declines the ringing offer: the call goes back to its place in line.</summary>
    public RoutingOutcome Reject(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        if (_calls[index].State != CallState.Offered) return RoutingOutcome.InvalidState;
        ReturnOffer(agent!, index, "rejected", now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Complete(string agentId, Guid callId, string? disposition, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = _calls[index];
        if (call.State != CallState.OnCall) return RoutingOutcome.InvalidState;
        var queue = call.Queue;
        var (talk, hold) = EndLeg(call, now);
        agent!.TalkToday += talk;
        _events.CallCompleted(call.Id, queue.Definition.TenantId, queue.Definition.Id, agent.Id, call.QueuedAt, call.AnsweredAt, now,
            talk, queue.Definition.WrapUp.TotalSeconds, disposition, hold);
        MarkDirty(queue);
        var (legCallId, legQueuedAt, legAnsweredAt) = (call.Id, call.QueuedAt, call.AnsweredAt);
        FreeCall(index);
        agent.Call = -1;
        EndCall(agent, queue, legCallId, legQueuedAt, legAnsweredAt, talk, hold, CallLegEnd.Completed, disposition, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent sends the connected call to another queue, where it waits with its original arrival time.</summary>
    public RoutingOutcome Transfer(string agentId, Guid callId, string toQueueId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = _calls[index];
        if (call.State != CallState.OnCall) return RoutingOutcome.InvalidState;
        var from = call.Queue;
        // Another client company's queue is answered as an unknown one: a call never crosses the tenant wall.
        if (!_queueById.TryGetValue(toQueueId, out var target) || target.Definition.TenantId != from.Definition.TenantId)
            return RoutingOutcome.UnknownQueue;
        var (talk, hold) = EndLeg(call, now);
        agent!.TalkToday += talk;
        _events.CallTransferred(call.Id, from.Definition.TenantId, from.Definition.Id, target.Definition.Id, agent.Id, call.QueuedAt, now,
            hold, from.Definition.WrapUp.TotalSeconds);
        MarkDirty(from);
        agent.Call = -1;
        call.Agent = -1;
        call.PreferredAgent = -1;
        var (legCallId, legQueuedAt, legAnsweredAt) = (call.Id, call.QueuedAt, call.AnsweredAt);
        Admit(index, target, now, hops: 0);
        EndCall(agent, from, legCallId, legQueuedAt, legAnsweredAt, talk, hold, CallLegEnd.Transferred, null, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent puts the connected call on hold (the caller hears music; the call stays the agent's).</summary>
    public RoutingOutcome Hold(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = _calls[index];
        if (call.State != CallState.OnCall || call.HeldSince is not null) return RoutingOutcome.InvalidState;
        call.HeldSince = now;
        _events.CallHeld(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent!.Id, call.HoldSeconds, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent takes the held call off hold; the hold's length adds to the leg's hold.</summary>
    public RoutingOutcome Resume(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = _calls[index];
        if (call.State != CallState.OnCall || call.HeldSince is not { } since) return RoutingOutcome.InvalidState;
        call.HoldSeconds += Math.Max(0, (now - since).TotalSeconds);
        call.HeldSince = null;
        _events.CallResumed(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent!.Id, call.HoldSeconds, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>Ends the connected leg (and its hold, if held): talk is the connected time less the hold.</summary>
    private static (double Talk, double Hold) EndLeg(CallSlot call, DateTimeOffset now)
    {
        var hold = call.HoldSeconds + (call.HeldSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);
        var connected = (now - call.AnsweredAt).TotalSeconds;
        hold = Math.Min(hold, Math.Max(0, connected));
        call.HoldSeconds = 0;
        call.HeldSince = null;
        return (Math.Max(0, connected - hold), hold);
    }

    /// <summary>Advances time: offers that rang too long go to the next agent, wrap-up that ran out ends, calls waiting for
    /// a preferred agent too long go to anyone, escalation tiers open, overflow and maximum-wait rules fire.</summary>
    public void Tick(DateTimeOffset now)
    {
        while (_offerDeadlines.Peek() is var a and >= 0 && _agents[a].OfferDeadline <= now)
            ReturnOffer(_agents[a], _agents[a].Call, "missed", now);
        while (_wrapUpDeadlines.Peek() is var w and >= 0 && _agents[w].WrapUpEndsAt <= now)
        {
            EndWrapUp(_agents[w], now);
            BecomeAvailable(_agents[w], now);
        }
        while (_preferredDeadlines.Peek() is var p and >= 0 && _calls[p].PreferredUntil <= now)
        {
            _preferredDeadlines.Remove(p);
            var call = _calls[p];
            _agents[call.PreferredAgent].PreferredCalls.Remove(p);
            call.PreferredAgent = -1;
            call.Queue.WaitingCount--;
            AddWaiting(p, call.Queue);
            TryMatchCall(p, now);
        }
        foreach (var queue in _queues)
            if (queue.WaitingCount > 0 && queue.HasTimers)
                RunTimers(queue, now);
    }

    /// <summary>Starts a new day for the "fewest calls" and "least talk time" strategies.</summary>
    public void ResetDailyCounters()
    {
        foreach (var agent in _agents)
        {
            var available = agent.State == AgentState.Available;
            if (available) { agent.Team.ByCalls.Remove(agent.Index); agent.Team.ByTalk.Remove(agent.Index); }
            agent.CallsToday = 0;
            agent.TalkToday = 0;
            if (available) { agent.Team.ByCalls.Add(agent.Index); agent.Team.ByTalk.Add(agent.Index); }
        }
    }
}
