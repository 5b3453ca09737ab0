using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;

namespace CallCentre.Routing.Engine;

/// <summary>The ACD: pure and deterministic, one writer at a time; priority ages (docs/routing.md, Priority that ages).</summary>
public sealed class RoutingEngine : IRoutingOperations
{
    /// <summary>After this many missed or rejected offers in a row the agent goes NotReady.</summary>
    public const int MaxConsecutiveMissedOffers = 2;

    private readonly RoutingEvents _events;
    private readonly ContractEventBuffer? _buffer;
    private readonly long _agingTicks;
    private readonly Dictionary<string, TimeZoneInfo> _zones;
    private readonly Dictionary<string, TenantCalendarSlot> _calendars = new(StringComparer.Ordinal);

    public RoutingEngine(IEnumerable<QueueConfiguration> queues, IEnumerable<RoutingAgent> agents, RoutingEvents? events = null,
        TimeSpan? agingPerLevel = null, IReadOnlyDictionary<string, string>? tenantTimeZones = null,
        IReadOnlyDictionary<string, TenantCalendar>? tenantCalendars = null)
    {
        _zones = (tenantTimeZones ?? new Dictionary<string, string>()).ToDictionary(z => z.Key, z => TimeZoneInfo.FindSystemTimeZoneById(z.Value));
        foreach (var (tenantId, calendar) in tenantCalendars ?? new Dictionary<string, TenantCalendar>())
            CalendarOf(tenantId).Current = calendar;
        _buffer = events is null ? new ContractEventBuffer() : null;
        _events = events ?? _buffer!;
        AgingPerLevel = agingPerLevel ?? TimeSpan.FromSeconds(30);
        _agingTicks = AgingPerLevel.Ticks;
        Deadlines = new DeadlineTimers(Calls, Roster);
        Distributor = new CallDistributor(Calls, Roster, LineById, Deadlines, _events);
        Changes = new CentreChanges(this);
        Callbacks = new CallbackDialling(this);
        Consults = new ConsultTransfer(this);
        FailedTransfers = new FailedTransfer(this);
        foreach (var definition in queues)
        {
            var line = new WaitingLine(Lines.Count, definition, ZoneOf(definition.TenantId), Calls, CalendarOf(definition.TenantId));
            Lines.Add(line);
            LineById.Add(definition.Id, line);
        }
        foreach (var agent in agents)
            Roster.Add(agent.Id, Roster.PoolFor(agent, out _)).SetCapacity(agent);
        Changes.LinkAll();
    }

    internal CallTable Calls { get; } = new();
    internal AgentRoster Roster { get; } = new();
    internal List<WaitingLine> Lines { get; } = [];
    internal Dictionary<string, WaitingLine> LineById { get; } = new(StringComparer.Ordinal);
    internal DeadlineTimers Deadlines { get; }
    internal RoutingEvents Events => _events;
    internal CallDistributor Distributor { get; }
    private CentreChanges Changes { get; }
    internal CallbackDialling Callbacks { get; }
    internal ConsultTransfer Consults { get; }
    private FailedTransfer FailedTransfers { get; }

    /// <summary>A waiting call gains one priority level per this much waiting.</summary>
    public TimeSpan AgingPerLevel { get; }

    public bool HasQueue(string queueId) => LineById.ContainsKey(queueId);
    internal TimeZoneInfo ZoneOf(string tenantId) => _zones.GetValueOrDefault(tenantId, TimeZoneInfo.Utc);

    internal TenantCalendarSlot CalendarOf(string tenantId)
    {
        if (!_calendars.TryGetValue(tenantId, out var slot))
            _calendars.Add(tenantId, slot = new TenantCalendarSlot());
        return slot;
    }

    /// <summary>From now on the tenant's queues open by <paramref name="calendar"/>; calls already waiting stay.</summary>
    public void SetTenantCalendar(string tenantId, TenantCalendar calendar) => CalendarOf(tenantId).Current = calendar;

    /// <summary>Until then a call that names an agent waits for that agent only.</summary>
    public TimeSpan PreferredAgentTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan AssumedHandleTime { get; init; } = TimeSpan.FromSeconds(180);

    public QueueConfiguration? FindQueue(string queueId) => LineById.TryGetValue(queueId, out var q) ? q.Definition : null;
    public bool HasAgent(string agentId) => Roster.Contains(agentId);
    public IReadOnlyList<string> TenantsOfAgent(string agentId) => Roster.TryFind(agentId, out var a) ? a.Pool.TenantIds : [];

    /// <summary>A call may name only an agent eligible from the first minute.</summary>
    public bool IsEligible(string agentId, string queueId) =>
        Roster.TryFind(agentId, out var agent) && LineById.TryGetValue(queueId, out var queue) && agent.Pool.IsEligibleFor(queue);
    public int WaitingCalls => Calls.Count;

    public string? LastRejectionReason => Distributor.LastRejectionReason;

    public IReadOnlyList<object> DrainEvents() => _buffer?.Drain() ?? [];

    public IReadOnlyList<string> DrainDirtyQueues() => Distributor.DrainDirtyQueues();

    public RoutingOutcome Enqueue(IncomingCall incoming, DateTimeOffset now)
    {
        Distributor.LastRejectionReason = null;
        if (!LineById.TryGetValue(incoming.QueueId, out var queue))
            return RoutingOutcome.UnknownQueue;
        if (Calls.Contains(incoming.CallId))
            return RoutingOutcome.Duplicate;
        var index = Calls.Allocate(incoming.CallId);
        var call = Calls[index];
        call.CallerHash = incoming.CallerHash;
        call.Priority = Math.Clamp(incoming.Priority ?? queue.Definition.Priority, 1, 10);
        call.QueuedAt = now;
        call.OrderKey = OrderKey(now, call.Priority);
        call.Kind = incoming.Kind;
        call.PreferredAgent = incoming.Kind == ContactKind.Voice && incoming.PreferredAgentId is { } preferred &&
                              Roster.TryFind(preferred, out var agent) && agent.Pool.IsEligibleFor(queue) ? agent.Index : -1;
        call.PreferredUntil = now + PreferredAgentTimeout;
        call.Queue = queue;
        _events.CallQueued(call.Id, queue.TenantId, queue.Id, call.CallerHash, call.Priority, now, call.Kind.Name());
        Distributor.MarkDirty(queue);
        Distributor.Admit(index, queue, now, hops: 0);
        return Calls[index].State == CallState.Ended ? RoutingOutcome.Rejected : RoutingOutcome.Ok;
    }

    internal long OrderKey(DateTimeOffset queuedAt, int priority) => queuedAt.UtcTicks - priority * _agingTicks;

    public RoutingOutcome Abandon(Guid callId, DateTimeOffset now)
    {
        if (!Calls.TryFind(callId, out var index))
            return RoutingOutcome.UnknownCall;
        var call = Calls[index];
        if (call.State is not (CallState.Waiting or CallState.Offered))
            return RoutingOutcome.InvalidState;
        var ringing = call.State == CallState.Offered ? Roster[call.Agent] : null;
        if (ringing is null)
        {
            Distributor.RemoveWaiting(index);
            Deadlines.CallbackRetries.Remove(index);
        }
        Deadlines.CallbackWindowEnds.Remove(index);
        _events.CallAbandoned(call.Id, call.Queue.TenantId, call.Queue.Id, call.QueuedAt, now, call.Kind.Name());
        Distributor.MarkDirty(call.Queue);
        if (ringing is not null && call.Kind != ContactKind.Voice)
        {
            Deadlines.ContactOffers.Remove(index);
            Distributor.ReleaseContact(ringing, index, now);
            Calls.Free(index);
            Distributor.Sync(ringing);
            Distributor.TryMatchAgent(ringing, now, exclude: -1);
            return RoutingOutcome.Ok;
        }
        Calls.Free(index);
        if (ringing is not null)
        {
            Deadlines.Offers.Remove(ringing.Index);
            ringing.Call = -1;
            Distributor.BecomeAvailable(ringing, now);
        }
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Answer(string agentId, Guid callId, DateTimeOffset now)
    {
        if (ConsultedAbout(agentId, callId) is { } consulted)
            return Consults.Answer(consulted, now);
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = Calls[index];
        if (call.State != CallState.Offered) return RoutingOutcome.InvalidState;
        if (call.Callback != CallbackStage.None)
        {
            if (now >= call.WindowEnd)
            {
                Abandon(callId, now);
                return RoutingOutcome.InvalidState;
            }
            Callbacks.Dial(agent!, index, now);
            return RoutingOutcome.Ok;
        }
        if (call.Kind != ContactKind.Voice)
        {
            Deadlines.ContactOffers.Remove(index);
            call.State = CallState.OnCall;
            call.AnsweredAt = now;
            agent!.Missed = 0;
            _events.CallAnswered(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.QueuedAt, now, call.Kind.Name());
            Distributor.MarkDirty(call.Queue);
            return RoutingOutcome.Ok;
        }
        Deadlines.Offers.Remove(agent!.Index);
        call.State = CallState.OnCall;
        call.AnsweredAt = now;
        call.TransferredBy = -1;
        call.ReturnedFromTransfer = false;
        call.HoldSeconds = 0;
        call.HeldSince = null;
        agent.Missed = 0;
        agent.CallsToday++;
        _events.CallAnswered(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.QueuedAt, now);
        Distributor.MarkDirty(call.Queue);
        Distributor.SetState(agent, AgentState.OnCall, null, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent answers whatever rings on their phone (the simulator's and the benchmark's agents).</summary>
    public RoutingOutcome AnswerCurrentOffer(string agentId, DateTimeOffset now) =>
        Roster.TryFind(agentId, out var agent) && agent.Call >= 0 && Calls[agent.Call].State == CallState.Offered
            ? Answer(agentId, Calls[agent.Call].Id, now)
            : RoutingOutcome.InvalidState;

    public RoutingOutcome CompleteCurrentCall(string agentId, DateTimeOffset now) =>
        Roster.TryFind(agentId, out var agent) && agent.Call >= 0 && Calls[agent.Call].State == CallState.OnCall
            ? Complete(agentId, Calls[agent.Call].Id, null, now)
            : RoutingOutcome.InvalidState;

    /// <summary>The call goes back to its place in line.</summary>
    public RoutingOutcome Reject(string agentId, Guid callId, DateTimeOffset now)
    {
        if (ConsultedAbout(agentId, callId) is { } consulted)
            return Calls[consulted.Consult].ConsultTalking ? RoutingOutcome.InvalidState : Consults.Refuse(consulted, now);
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        if (Calls[index].State != CallState.Offered) return RoutingOutcome.InvalidState;
        if (Calls[index].Kind != ContactKind.Voice)
            Distributor.ReturnContact(agent!, index, "rejected", countMiss: true, now);
        else
            Distributor.ReturnOffer(agent!, index, "rejected", now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Complete(string agentId, Guid callId, string? disposition, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = Calls[index];
        if (call.State != CallState.OnCall || call.Callback == CallbackStage.Dialing) return RoutingOutcome.InvalidState;
        if (call.Kind != ContactKind.Voice)
        {
            CompleteContact(agent!, index, disposition, now);
            return RoutingOutcome.Ok;
        }
        if (call.ConsultAgent >= 0)
            Consults.End(index, ConsultOutcome.CallEnded, now);
        var queue = call.Queue;
        var (talk, hold) = EndLeg(call, now);
        agent!.TalkToday += talk;
        _events.CallCompleted(call.Id, queue.TenantId, queue.Id, agent.Id, call.QueuedAt, call.AnsweredAt, now,
            talk, queue.WrapUp.TotalSeconds, disposition, hold);
        Distributor.MarkDirty(queue);
        var (legCallId, legQueuedAt, legAnsweredAt) = (call.Id, call.QueuedAt, call.AnsweredAt);
        Calls.Free(index);
        agent.Call = -1;
        Distributor.EndCall(agent, queue, legCallId, legQueuedAt, legAnsweredAt, talk, hold, CallLegEnd.Completed, disposition, now);
        return RoutingOutcome.Ok;
    }

    private void CompleteContact(AgentSeat agent, int index, string? disposition, DateTimeOffset now)
    {
        var call = Calls[index];
        var talk = Math.Max(0, (now - call.AnsweredAt).TotalSeconds);
        _events.CallCompleted(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.QueuedAt, call.AnsweredAt, now, talk, 0, disposition,
            0, call.Kind.Name());
        Distributor.MarkDirty(call.Queue);
        Distributor.ContactEnded(agent, call, talk, disposition, now);
        Distributor.ReleaseContact(agent, index, now);
        Calls.Free(index);
        Distributor.Sync(agent);
        Distributor.TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>It waits there with its original arrival time.</summary>
    public RoutingOutcome Transfer(string agentId, Guid callId, string toQueueId, DateTimeOffset now) =>
        Transfer(agentId, callId, toQueueId, null, now);

    /// <summary>Back into its queue, kept for <paramref name="toAgentId"/> (who must be eligible for it) up to the preferred-agent timeout.</summary>
    public RoutingOutcome TransferToAgent(string agentId, Guid callId, string toAgentId, DateTimeOffset now)
    {
        if (!Calls.TryFind(callId, out var index)) return RoutingOutcome.UnknownCall;
        if (toAgentId == agentId || !Roster.TryFind(toAgentId, out var target) || !Takes(target, Calls[index].Queue, Calls[index].Kind))
            return RoutingOutcome.UnknownAgent;
        return Transfer(agentId, callId, Calls[index].Queue.Id, target, now);
    }

    /// <summary>The edge could not move the caller: back to the transferring agent (docs/routing.md, Transfer that fails).</summary>
    public RoutingOutcome TransferFailed(Guid callId, string? reason, DateTimeOffset now) => FailedTransfers.Fail(callId, reason, now);

    public IReadOnlyList<QueueConfiguration> QueuesOfTenant(string tenantId) =>
        LineById.Values.Where(q => q.TenantId == tenantId).Select(q => q.Definition).OrderBy(q => q.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<AgentView> AgentsEligibleFor(string queueId, ContactKind kind = ContactKind.Voice) =>
        LineById.TryGetValue(queueId, out var queue)
            ? Roster.Seats.Where(s => Takes(s, queue, kind)).Select(s => FindAgent(s.Id)!).OrderBy(a => a.AgentId, StringComparer.Ordinal).ToList()
            : [];

    private static bool Takes(AgentSeat agent, WaitingLine queue, ContactKind kind) =>
        agent.Pool.IsEligibleFor(queue) && (kind == ContactKind.Voice ? agent.TakesVoice : agent.Capacity is { } c && c[(int)kind] > 0);

    private RoutingOutcome Transfer(string agentId, Guid callId, string toQueueId, AgentSeat? toAgent, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = Calls[index];
        if (call.State != CallState.OnCall || !(call.Kind == ContactKind.Voice || call.Kind.IsDigital()) || call.ConsultAgent >= 0)
            return RoutingOutcome.InvalidState;
        var from = call.Queue;
        // Another client company's queue is answered as an unknown one: a call never crosses the tenant wall.
        if (!LineById.TryGetValue(toQueueId, out var target) || target.TenantId != from.TenantId)
            return RoutingOutcome.UnknownQueue;
        if (call.Kind != ContactKind.Voice)
        {
            TransferContact(agent!, index, target, toAgent, now);
            return RoutingOutcome.Ok;
        }
        var (talk, hold) = EndLeg(call, now);
        agent!.TalkToday += talk;
        _events.CallTransferred(call.Id, from.TenantId, from.Id, target.Id, agent.Id, call.QueuedAt, now,
            hold, from.WrapUp.TotalSeconds);
        Distributor.MarkDirty(from);
        agent.Call = -1;
        call.Agent = -1;
        call.PreferredAgent = toAgent?.Index ?? -1;
        call.PreferredUntil = now + PreferredAgentTimeout;
        (call.TransferredBy, call.TransferredFrom, call.TransferredAt, call.ReturnedFromTransfer) = (agent.Index, from, now, false);
        var (legCallId, legQueuedAt, legAnsweredAt) = (call.Id, call.QueuedAt, call.AnsweredAt);
        Distributor.Admit(index, target, now, hops: 0);
        Distributor.EndCall(agent, from, legCallId, legQueuedAt, legAnsweredAt, talk, hold, CallLegEnd.Transferred, null, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>Others first (the transferring agent is out of the kind's line meanwhile); the agent's room comes back at once.</summary>
    private void TransferContact(AgentSeat agent, int index, WaitingLine target, AgentSeat? toAgent, DateTimeOffset now)
    {
        var call = Calls[index];
        var from = call.Queue;
        var talk = Math.Max(0, (now - call.AnsweredAt).TotalSeconds);
        _events.CallTransferred(call.Id, from.TenantId, from.Id, target.Id, agent.Id, call.QueuedAt, now, 0, 0, call.Kind.Name());
        _events.CallLegEnded(call.Id, from.TenantId, from.Id, agent.Id, call.QueuedAt, call.AnsweredAt, now, CallLegEnd.Transferred, talk, 0, 0,
            null, call.Kind.Name());
        Distributor.MarkDirty(from);
        agent.Pool.RemoveForKind(call.Kind, agent.Index);
        Distributor.ReleaseContact(agent, index, now);
        call.Agent = -1;
        call.PreferredAgent = toAgent?.Index ?? -1;
        call.PreferredUntil = now + PreferredAgentTimeout;
        Distributor.Admit(index, target, now, hops: 0);
        Distributor.Sync(agent);
        Distributor.TryMatchAgent(agent, now, exclude: -1);
    }

    public RoutingOutcome Hold(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = Calls[index];
        if (call.State != CallState.OnCall || call.Kind != ContactKind.Voice || call.HeldSince is not null) return RoutingOutcome.InvalidState;
        call.HeldSince = now;
        _events.CallHeld(call.Id, call.Queue.TenantId, call.Queue.Id, agent!.Id, call.HoldSeconds, now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Resume(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        if (outcome != RoutingOutcome.Ok) return outcome;
        var call = Calls[index];
        if (call.State != CallState.OnCall || call.HeldSince is not { } since || call.ConsultAgent >= 0) return RoutingOutcome.InvalidState;
        call.HoldSeconds += Math.Max(0, (now - since).TotalSeconds);
        call.HeldSince = null;
        _events.CallResumed(call.Id, call.Queue.TenantId, call.Queue.Id, agent!.Id, call.HoldSeconds, now);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome StartConsult(string agentId, Guid callId, string? toQueueId, string? toAgentId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        return outcome != RoutingOutcome.Ok ? outcome : Consults.Start(agent!, index, toQueueId, toAgentId, now);
    }

    public RoutingOutcome CompleteConsult(string agentId, Guid callId, DateTimeOffset now)
    {
        var (outcome, agent, index) = FindAgentsCall(agentId, callId);
        return outcome != RoutingOutcome.Ok ? outcome : Consults.Complete(agent!, index, now);
    }

    /// <summary>By the consulting agent (back to the caller), or by the consulted one (leaving; the caller stays on hold).</summary>
    public RoutingOutcome CancelConsult(string agentId, Guid callId, DateTimeOffset now)
    {
        if (ConsultedAbout(agentId, callId) is { } consulted)
            return Consults.Refuse(consulted, now);
        var (outcome, _, index) = FindAgentsCall(agentId, callId);
        return outcome != RoutingOutcome.Ok ? outcome : Consults.Cancel(index, now);
    }

    private AgentSeat? ConsultedAbout(string agentId, Guid callId) =>
        Roster.TryFind(agentId, out var agent) && agent.Consult >= 0 && Calls[agent.Consult].Id == callId ? agent : null;

    /// <summary>Talk is the connected time less the hold.</summary>
    internal static (double Talk, double Hold) EndLeg(LiveCall call, DateTimeOffset now)
    {
        var hold = call.HoldSeconds + (call.HeldSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);
        var connected = (now - call.AnsweredAt).TotalSeconds;
        hold = Math.Min(hold, Math.Max(0, connected));
        call.HoldSeconds = 0;
        call.HeldSince = null;
        return (Math.Max(0, connected - hold), hold);
    }

    public RoutingOutcome SetAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        if (!Roster.TryFind(agentId, out var agent))
            return RoutingOutcome.UnknownAgent;
        if (state is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork)
            return RoutingOutcome.InvalidState;
        if (agent.State is AgentState.Reserved or AgentState.OnCall)
            return RoutingOutcome.InvalidState;
        if (state == AgentState.LoggedOut && agent.Contacts.Count > 0)
            return RoutingOutcome.InvalidState;
        ChangeState(agent, state, reason, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>A ringing offer goes back in line, not counted as missed; a connected call stays.</summary>
    public RoutingOutcome ForceAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        if (!Roster.TryFind(agentId, out var agent))
            return RoutingOutcome.UnknownAgent;
        if (state is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork || agent.State == AgentState.OnCall)
            return RoutingOutcome.InvalidState;
        if (state == AgentState.LoggedOut && agent.Contacts.Exists(c => Calls[c].State == CallState.OnCall))
            return RoutingOutcome.InvalidState;
        // Offered contacts go back in line, not counted as missed; connected ones stay with the agent. The state changes first,
        // so that a returned contact is not offered straight back to this agent.
        var offered = agent.Contacts.Where(c => Calls[c].State == CallState.Offered).ToList();
        var call = -1;
        if (agent.Consult >= 0)
            Consults.End(agent.Consult, ConsultOutcome.Missed, now);
        if (agent.State == AgentState.Reserved)
        {
            call = agent.Call;
            Deadlines.Offers.Remove(agent.Index);
            agent.Call = -1;
            Distributor.ReturnToQueue(call);
            reason ??= "supervisor";
        }
        ChangeState(agent, state, reason ?? (state == AgentState.NotReady ? "supervisor" : null), now);
        foreach (var contact in offered)
            Distributor.ReturnContact(agent, contact, "supervisor", countMiss: false, now);
        if (call >= 0)
            Distributor.TryMatchCall(call, now);
        return RoutingOutcome.Ok;
    }

    private void ChangeState(AgentSeat agent, AgentState state, string? reason, DateTimeOffset now)
    {
        if (agent.State == AgentState.AfterCallWork)
            Distributor.EndWrapUp(agent, now);
        if (state == AgentState.Available)
        {
            if (agent.State != AgentState.Available)
                agent.IdleSince = now;
            agent.Missed = 0;
            Distributor.SetState(agent, AgentState.Available, null, now);
            Distributor.TryMatchAgent(agent, now, exclude: -1);
        }
        else
        {
            Distributor.SetState(agent, state, state == AgentState.NotReady ? reason ?? "unspecified" : null, now);
        }
    }

    public RoutingOutcome RequestCallback(Guid callId, DateTimeOffset now) => Callbacks.Request(callId, now);

    public RoutingOutcome ScheduleCallback(Guid callId, string queueId, string callerHash, DateTimeOffset dueAt, DateTimeOffset windowEnd,
        DateTimeOffset now) =>
        Callbacks.Schedule(callId, queueId, callerHash, dueAt, windowEnd, now);

    public bool IsHoliday(string tenantId, DateOnly date) => CalendarOf(tenantId).Current.IsHoliday(date);

    public RoutingOutcome RecordCallbackAttempt(Guid callId, int attempt, string outcome, DateTimeOffset now) =>
        Callbacks.Attempted(callId, attempt, outcome, now);

    public IReadOnlyList<CallbackDialView> CallbackDials(Func<string, bool> canSee) => Callbacks.Dials(canSee);

    public void Tick(DateTimeOffset now)
    {
        Callbacks.Tick(now);
        while (Deadlines.Offers.Peek() is var a and >= 0 && Roster[a].OfferDeadline <= now)
        {
            if (Roster[a].Consult >= 0)
                Consults.End(Roster[a].Consult, ConsultOutcome.Missed, now);
            else
                Distributor.ReturnOffer(Roster[a], Roster[a].Call, "missed", now);
        }
        while (Deadlines.ContactOffers.Peek() is var c and >= 0 && Calls[c].OfferDeadline <= now)
            Distributor.ReturnContact(Roster[Calls[c].Agent], c, "missed", countMiss: true, now);
        while (Deadlines.WrapUps.Peek() is var w and >= 0 && Roster[w].WrapUpEndsAt <= now)
        {
            Distributor.EndWrapUp(Roster[w], now);
            Distributor.BecomeAvailable(Roster[w], now);
        }
        while (Deadlines.PreferredAgents.Peek() is var p and >= 0 && Calls[p].PreferredUntil <= now)
        {
            Deadlines.PreferredAgents.Remove(p);
            var call = Calls[p];
            Roster[call.PreferredAgent].PreferredCalls.Remove(p);
            call.PreferredAgent = -1;
            call.Queue.WaitingCount--;
            Distributor.AddWaiting(p, call.Queue);
            Distributor.TryMatchCall(p, now);
        }
        foreach (var queue in Lines)
            if (queue.WaitingCount > 0 && queue.HasTimers)
                Distributor.RunTimers(queue, now);
    }

    public void ResetDailyCounters()
    {
        foreach (var agent in Roster.Seats)
        {
            var available = agent.InVoiceLine;
            if (available) { agent.Pool.ByCalls.Remove(agent.Index); agent.Pool.ByTalk.Remove(agent.Index); }
            agent.CallsToday = 0;
            agent.TalkToday = 0;
            if (available) { agent.Pool.ByCalls.Add(agent.Index); agent.Pool.ByTalk.Add(agent.Index); }
        }
    }

    public void AddOrUpdateQueue(QueueConfiguration definition, DateTimeOffset now) => Changes.AddOrUpdateQueue(definition, now);

    public void AddOrUpdateAgent(RoutingAgent definition, DateTimeOffset now) => Changes.AddOrUpdateAgent(definition, now);

    /// <summary>The previous skills while a change waits for the agent's call to end.</summary>
    public IReadOnlyDictionary<string, int>? SkillsOf(string agentId) => Roster.TryFind(agentId, out var agent) ? agent.Pool.Skills : null;

    public void Restore(IEnumerable<RestoredAgent> agents, IEnumerable<RestoredCall> calls, DateTimeOffset now) =>
        new EngineRestore(this).Apply(agents, calls, now);

    public CallView? FindCall(Guid callId)
    {
        if (!Calls.TryFind(callId, out var index)) return null;
        var call = Calls[index];
        var queue = call.Queue;
        int? position = null;
        double? estimate = null;
        if (call.State == CallState.Waiting)
        {
            var ahead = 0;
            var lane = queue.Lane(call.Kind);
            for (var t = 0; t < queue.Tiers; t++)
                foreach (var other in lane.Waiting[t].Items)
                    if (other != index && Calls.Before(other, index))
                        ahead++;
            position = ahead + 1;
            // The calls ahead and this one, shared among the queue's agents at the average handle time of its ended legs.
            var handle = queue.EndedLegs > 0 ? queue.HandleSeconds / queue.EndedLegs : AssumedHandleTime.TotalSeconds;
            var staffed = 0;
            foreach (var pool in queue.TierPools[0])
                staffed += pool.StateCounts[(int)AgentState.Available] + pool.StateCounts[(int)AgentState.Reserved] +
                           pool.StateCounts[(int)AgentState.OnCall] + pool.StateCounts[(int)AgentState.AfterCallWork];
            estimate = staffed == 0 ? null : position.Value * handle / staffed;
        }
        return new CallView(call.Id, queue.TenantId, queue.Id, call.State,
            call.Agent >= 0 ? Roster[call.Agent].Id : null, call.QueuedAt, position, estimate) { Kind = call.Kind };
    }

    public AgentView? FindAgent(string agentId)
    {
        if (!Roster.TryFind(agentId, out var agent)) return null;
        var call = agent.Call >= 0 ? Calls[agent.Call] : null;
        return new AgentView(agent.Id, agent.State, agent.Reason, agent.Since, call?.Id, call?.Queue.Id,
            call?.Queue.TenantId, call?.QueuedAt)
        {
            AnsweredAt = call?.State == CallState.OnCall ? call.AnsweredAt : null,
            HeldSince = call?.State == CallState.OnCall ? call.HeldSince : null,
            HoldSeconds = call?.State == CallState.OnCall ? call.HoldSeconds : 0,
            Consult = ConsultOf(agent),
            LastConsultOutcome = agent.LastConsultOutcome,
            TransferFailedCallId = call?.Id == agent.LastTransferFailed ? agent.LastTransferFailed : null,
            Contacts = agent.Contacts.Count == 0 ? [] : agent.Contacts.Select(c => Calls[c]).Select(c => new ContactView(c.Id, c.Kind,
                c.Queue.Id, c.Queue.TenantId, c.State, c.QueuedAt, c.State == CallState.OnCall ? c.AnsweredAt : null)
            {
                CallbackStage = c.Callback, CallbackAttempt = c.Callback == CallbackStage.None ? null : c.CallbackAttempts + (c.Callback == CallbackStage.Connected ? 0 : 1),
            }).ToList(),
        };
    }

    private ConsultView? ConsultOf(AgentSeat agent)
    {
        var (index, consulting) = agent.Consult >= 0 ? (agent.Consult, false) : agent.Call >= 0 && Calls[agent.Call].ConsultAgent >= 0 ? (agent.Call, true) : (-1, false);
        if (index < 0) return null;
        var call = Calls[index];
        return new ConsultView(call.Id, consulting, Roster[consulting ? call.ConsultAgent : call.Agent].Id, call.Queue.TenantId, call.Queue.Id,
            call.ConsultQueue?.Id, call.ConsultTalking, call.ConsultStartedAt, call.QueuedAt);
    }

    public IEnumerable<AgentView> Agents => Roster.Seats.Select(a => FindAgent(a.Id)!);

    public QueueSnapshot Snapshot(string queueId, DateTimeOffset now)
    {
        var queue = LineById[queueId];
        Span<int> counts = stackalloc int[6];
        foreach (var pool in queue.TierPools[0])
            for (var s = 0; s < counts.Length; s++)
                counts[s] += pool.StateCounts[s];
        var oldest = DateTimeOffset.MaxValue;
        var byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < queue.Lanes.Length; k++)
        {
            var lane = queue.Lanes[k];
            if (lane is { Count: > 0 }) byKind[((ContactKind)k).Name()] = lane.Count;
            for (var t = 0; lane is not null && t < queue.Tiers; t++)
                if (lane.Arrival[t].Peek() is var c and >= 0 && Calls[c].QueuedAt < oldest)
                    oldest = Calls[c].QueuedAt;
        }
        return new QueueSnapshot(queue.TenantId, queue.Id, queue.WaitingCount,
            oldest == DateTimeOffset.MaxValue ? 0 : Math.Max(0, (now - oldest).TotalSeconds),
            counts[(int)AgentState.Available], counts[(int)AgentState.Reserved], counts[(int)AgentState.OnCall],
            counts[(int)AgentState.AfterCallWork], counts[(int)AgentState.NotReady], now) { WaitingByKind = byKind };
    }

    /// <summary>A tenant erasure is refused while any is live: it would be stored again.</summary>
    public int LiveWorkOf(string tenantId)
    {
        var live = 0;
        for (var i = 0; i < Calls.SlotsUsed; i++)
            if (Calls[i].State != CallState.Ended && Calls[i].Queue.TenantId == tenantId)
                live++;
        foreach (var agent in Roster.Seats)
            if (agent.WrapUp?.TenantId == tenantId)
                live++;
        return live;
    }

    /// <summary>A data-subject erasure: the calls themselves go on.</summary>
    public int EraseCallerHash(string tenantId, string callerHash)
    {
        var erased = 0;
        for (var i = 0; i < Calls.SlotsUsed; i++)
        {
            var call = Calls[i];
            if (call.State == CallState.Ended || call.CallerHash != callerHash || call.Queue.TenantId != tenantId)
                continue;
            call.CallerHash = "";
            erased++;
        }
        return erased;
    }

    private (RoutingOutcome, AgentSeat?, int) FindAgentsCall(string agentId, Guid callId)
    {
        if (!Roster.TryFind(agentId, out var agent)) return (RoutingOutcome.UnknownAgent, null, -1);
        if (!Calls.TryFind(callId, out var index)) return (RoutingOutcome.UnknownCall, agent, -1);
        if (Calls[index].Agent != agent.Index) return (RoutingOutcome.NotAgentsCall, agent, index);
        return (RoutingOutcome.Ok, agent, index);
    }
}
