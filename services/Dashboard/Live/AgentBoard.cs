using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;

namespace CallCentre.Dashboard.Live;

/// <summary>Delivery is unordered and at least once: older facts never overwrite newer ones; only recent calls and callers are kept.</summary>
public sealed class AgentBoard(CentreCatalog catalog, TimeProvider time)
{
    public const string MaskedCaller = "•••• ••••";
    private const int MaxCalls = 20_000;
    private const int MaxCallers = 100_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, AgentEntry> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, CallFacts> _calls = [];
    private readonly Queue<Guid> _callOrder = new();
    // Keyed by tenant and hash: a caller known to one client company is never "returning" for another.
    private readonly Dictionary<(string TenantId, string CallerHash), int> _callers = [];
    private readonly Queue<(string TenantId, string CallerHash)> _callerOrder = new();
    private readonly HashSet<string> _changedAgents = new(StringComparer.Ordinal);

    private sealed class AgentEntry
    {
        public IReadOnlyList<string> TenantIds = [];
        public string State = "LoggedOut";
        public string? Reason;
        public Guid? StateCallId;
        public DateTimeOffset StateAt = DateTimeOffset.MinValue;
        public Guid? OfferCallId;
        public string? OfferQueueId;
        /// <summary>The offer time is the answer's, until the offer's own event arrives.</summary>
        public bool OfferTimeFromAnswer;
        public DateTimeOffset OfferedAt = DateTimeOffset.MinValue;
        public readonly HashSet<Guid> Contacts = [];
    }

    private sealed class CallFacts
    {
        public string? TenantId, QueueId, CallerHash, AnsweredBy, LastOfferedTo, Disposition, TransferredBy;
        public bool ReturningCaller;
        public string Kind = ContactKinds.Voice;
        public DateTimeOffset QueuedAt;
        public DateTimeOffset LastOfferedAt = DateTimeOffset.MinValue;
        public DateTimeOffset? AnsweredAt, CompletedAt, TransferredAt, AbandonedAt;
    }

    public (int Calls, int Callers, IReadOnlyList<string> Agents) EraseCaller(string tenantId, string callerHash)
    {
        lock (_gate)
        {
            var agents = new List<string>();
            var calls = 0;
            foreach (var call in _calls.Values)
            {
                if (call.TenantId != tenantId || call.CallerHash != callerHash) continue;
                // Empty, not null: a redelivered CallQueued must not bring the hash back.
                (call.CallerHash, call.ReturningCaller) = ("", false);
                calls++;
                if (call.LastOfferedTo is { } agent) agents.Add(agent);
                if (call.AnsweredBy is { } answeredBy) agents.Add(answeredBy);
            }
            var callers = _callers.Remove((tenantId, callerHash)) ? 1 : 0;
            return (calls, callers, Changed(agents.Distinct().ToArray()));
        }
    }

    public (int Calls, int Callers, IReadOnlyList<string> Agents) EraseTenant(string tenantId)
    {
        lock (_gate)
        {
            var calls = _calls.Where(kv => kv.Value.TenantId == tenantId).Select(kv => kv.Key).ToHashSet();
            foreach (var id in calls)
                _calls.Remove(id);
            var callers = _callers.Keys.Where(k => k.TenantId == tenantId).ToList();
            foreach (var caller in callers)
                _callers.Remove(caller);
            var agents = new List<string>();
            foreach (var (agentId, agent) in _agents)
            {
                if (agent.OfferCallId is { } offer && calls.Contains(offer))
                    (agent.OfferCallId, agent.OfferQueueId) = (null, null);
                else if (!(agent.StateCallId is { } state && calls.Contains(state)))
                    continue;
                if (agent.StateCallId is { } stateCall && calls.Contains(stateCall))
                    agent.StateCallId = null;
                agents.Add(agentId);
            }
            return (calls.Count, callers.Count, Changed(agents));
        }
    }

    public bool HoldsCaller(string tenantId, string callerHash)
    {
        lock (_gate)
            return _callers.ContainsKey((tenantId, callerHash)) || _calls.Values.Any(c => c.TenantId == tenantId && c.CallerHash == callerHash);
    }

    /// <summary>Each Apply returns the agents whose desk changed.</summary>
    public IReadOnlyList<string> Apply(AgentStateChanged e)
    {
        lock (_gate)
        {
            var agent = Agent(e.AgentId);
            if (e.ChangedAt < agent.StateAt)
                return [];
            (agent.State, agent.Reason, agent.StateCallId, agent.StateAt, agent.TenantIds) = (e.State, e.Reason, e.CallId, e.ChangedAt, e.TenantIds);
            return Changed([e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallQueued e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            if (call.CallerHash is null)
            {
                call.CallerHash = e.CallerHash;
                var caller = (e.TenantId, e.CallerHash);
                call.ReturningCaller = _callers.TryGetValue(caller, out var before) && before > 0;
                if (_callers.TryAdd(caller, 0))
                {
                    _callerOrder.Enqueue(caller);
                    if (_callerOrder.Count > MaxCallers)
                        _callers.Remove(_callerOrder.Dequeue());
                }
                _callers[caller]++;
            }
            return Changed(call.LastOfferedTo is { } agent ? [agent] : []);
        }
    }

    public IReadOnlyList<string> Apply(CallOffered e)
    {
        if (!IsPhoneCall(e.Kind))
            return [];
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            if (e.OfferedAt >= call.LastOfferedAt)
                (call.LastOfferedTo, call.LastOfferedAt) = (e.AgentId, e.OfferedAt);
            ForgetTransferredAnswer(call);
            var agent = Agent(e.AgentId);
            var sameCallAnsweredFirst = agent.OfferCallId == e.CallId && agent.OfferTimeFromAnswer;
            if (e.OfferedAt < agent.OfferedAt && !sameCallAnsweredFirst)
                return [];
            (agent.OfferCallId, agent.OfferQueueId, agent.OfferedAt, agent.OfferTimeFromAnswer) = (e.CallId, e.QueueId, e.OfferedAt, false);
            return Changed([e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallAnswered e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            call.Kind = e.Kind;
            if (!(e.AnsweredAt < call.TransferredAt) && !(e.AnsweredAt < call.AnsweredAt))
                (call.AnsweredBy, call.AnsweredAt) = (e.AgentId, e.AnsweredAt);
            if (!IsPhoneCall(e.Kind))
            {
                if (call.CompletedAt is null && call.AbandonedAt is null)
                    Agent(e.AgentId).Contacts.Add(e.CallId);
                return Changed([e.AgentId]);
            }
            Handled(e.AgentId, e.CallId, e.QueueId, e.AnsweredAt);
            return Changed([e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallCompleted e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            (call.AnsweredBy, call.AnsweredAt, call.CompletedAt, call.Disposition, call.Kind) = (e.AgentId, e.AnsweredAt, e.CompletedAt, e.Disposition, e.Kind);
            Agent(e.AgentId).Contacts.Remove(e.CallId);
            if (IsPhoneCall(e.Kind))
                Handled(e.AgentId, e.CallId, e.QueueId, e.AnsweredAt);
            return Changed([e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallTransferred e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.FromQueueId, e.QueuedAt);
            // A transferred call may be offered again (to someone else) later: only the transferring agent's view ends.
            if (e.TransferredAt >= call.TransferredAt.GetValueOrDefault())
                (call.TransferredAt, call.TransferredBy) = (e.TransferredAt, e.AgentId);
            call.AnsweredBy ??= e.AgentId;
            if (!IsPhoneCall(e.Kind))
                Agent(e.AgentId).Contacts.Remove(e.CallId);
            ForgetTransferredAnswer(call);
            return Changed(call.LastOfferedTo is { } next && next != e.AgentId ? [e.AgentId, next] : [e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallTransferFailed e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            if (!(e.FailedAt < call.AnsweredAt))
                (call.AnsweredBy, call.AnsweredAt) = (e.AgentId, e.FailedAt);
            var agent = Agent(e.AgentId);
            if (!(e.FailedAt < agent.OfferedAt))
                (agent.OfferCallId, agent.OfferQueueId, agent.OfferedAt, agent.OfferTimeFromAnswer) = (e.CallId, e.QueueId, e.FailedAt, true);
            return Changed(call.LastOfferedTo is { } colleague && colleague != e.AgentId ? [e.AgentId, colleague] : [e.AgentId]);
        }
    }

    public IReadOnlyList<string> Apply(CallAbandoned e)
    {
        lock (_gate)
        {
            var call = Call(e.CallId, e.TenantId, e.QueueId, e.QueuedAt);
            call.AbandonedAt = e.AbandonedAt;
            if (call.AnsweredBy is { } holder && _agents.TryGetValue(holder, out var held) && held.Contacts.Remove(e.CallId))
                return Changed([holder]);
            return Changed(call.LastOfferedTo is { } agent ? [agent] : []);
        }
    }

    public AgentDesk Desk(string agentId)
    {
        lock (_gate)
        {
            var name = catalog.AgentName(agentId);
            var now = time.GetUtcNow();
            if (!_agents.TryGetValue(agentId, out var agent))
                return new AgentDesk(agentId, name, "LoggedOut", null, DateTimeOffset.MinValue, null, now);
            return new AgentDesk(agentId, name, agent.State, agent.Reason, agent.StateAt, DeskCall(agentId, agent), now);
        }
    }

    /// <summary>A supervisor never sees another client's calls.</summary>
    public IReadOnlyList<AgentTile> AgentsFor(string tenantId, IReadOnlyCollection<string>? only = null)
    {
        lock (_gate)
        {
            return _agents.Where(a => a.Value.TenantIds.Contains(tenantId) && (only is null || only.Contains(a.Key)))
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => Tile(a.Key, a.Value, tenantId))
                .ToList();
        }
    }

    public IReadOnlyList<string> TakeChangedAgents()
    {
        lock (_gate)
        {
            var changed = _changedAgents.ToList();
            _changedAgents.Clear();
            return changed;
        }
    }

    public IReadOnlyList<string> TenantsOf(string agentId)
    {
        lock (_gate)
            return _agents.TryGetValue(agentId, out var agent) ? agent.TenantIds : [];
    }

    private AgentTile Tile(string agentId, AgentEntry agent, string tenantId)
    {
        var call = DeskCall(agentId, agent) is { Status: "Ringing" or "Connected" } c && _calls[c.CallId].Kind == ContactKinds.Voice ? c : null;
        var visible = call is not null && call.TenantId == tenantId;
        // Another client's contacts are counted, never named, like another client's call.
        agent.Contacts.RemoveWhere(id => !_calls.ContainsKey(id));
        var contacts = agent.Contacts.GroupBy(id => _calls[id].Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AgentTile(agentId, catalog.AgentName(agentId), agent.State, agent.Reason, agent.StateAt,
            visible ? call!.QueueId : null, visible ? call!.QueueName : null, call is not null && !visible) { Contacts = contacts };
    }

    private static bool IsPhoneCall(string kind) => kind == ContactKinds.Voice;

    private IReadOnlyList<string> Changed(IReadOnlyList<string> agents)
    {
        foreach (var agent in agents)
            _changedAgents.Add(agent);
        return agents;
    }

    private AgentDeskCall? DeskCall(string agentId, AgentEntry agent)
    {
        if (agent.OfferCallId is not { } callId || !_calls.TryGetValue(callId, out var call) || call.TenantId is null)
            return null;
        var status = StatusFor(agentId, agent, callId, call);
        var queueId = agent.OfferQueueId ?? call.QueueId!;
        var queue = catalog.Current.FindQueue(queueId);
        var client = catalog.Current.FindTenant(call.TenantId);
        var ended = status switch
        {
            "Completed" => call.CompletedAt,
            "Transferred" => call.TransferredAt,
            "Abandoned" => call.AbandonedAt,
            _ => null,
        };
        return new AgentDeskCall(callId, status, call.TenantId, client?.Name ?? call.TenantId, queueId, queue?.Name ?? queueId,
            queue?.LineOfBusiness ?? "", queue?.Language ?? "", MaskedCaller, call.ReturningCaller, call.QueuedAt, agent.OfferedAt,
            call.AnsweredBy == agentId ? call.AnsweredAt : null, ended, call.AnsweredBy == agentId ? call.Disposition : null,
            ScreenPop.Link(client, callId, queueId, call.CallerHash));
    }

    /// <summary>Offered again after a transfer, the call's answer is the next leg's to give.</summary>
    private static void ForgetTransferredAnswer(CallFacts call)
    {
        if (call.TransferredAt is { } moved && call.LastOfferedAt >= moved && call.AnsweredBy == call.TransferredBy && !(call.AnsweredAt > moved))
            (call.AnsweredBy, call.AnsweredAt) = (null, null);
    }

    private static string StatusFor(string agentId, AgentEntry agent, Guid callId, CallFacts call)
    {
        if (call.TransferredBy == agentId && !(agent.OfferedAt > call.TransferredAt))
            return "Transferred";
        if (call.AnsweredBy == agentId)
            return call.CompletedAt is not null ? "Completed" : "Connected";
        if (call.AnsweredBy is not null)
            return "Withdrawn";
        if (call.LastOfferedTo != agentId)
            return "Withdrawn";
        if (call.AbandonedAt is not null)
            return "Abandoned";
        if (agent.State == "Reserved" && agent.StateCallId == callId)
            return "Ringing";
        // The state change that went with the offer may not have arrived yet; a later one means the offer is over.
        return agent.StateAt > agent.OfferedAt ? "Withdrawn" : "Ringing";
    }

    /// <summary>An answer or a completion also stands for the offer when the offer's own event has not arrived yet.</summary>
    private void Handled(string agentId, Guid callId, string queueId, DateTimeOffset answeredAt)
    {
        var agent = Agent(agentId);
        if (agent.OfferCallId != callId && answeredAt >= agent.OfferedAt)
            (agent.OfferCallId, agent.OfferQueueId, agent.OfferedAt, agent.OfferTimeFromAnswer) = (callId, queueId, answeredAt, true);
    }

    private AgentEntry Agent(string agentId)
    {
        if (!_agents.TryGetValue(agentId, out var agent))
            _agents[agentId] = agent = new AgentEntry();
        return agent;
    }

    private CallFacts Call(Guid callId, string tenantId, string queueId, DateTimeOffset queuedAt)
    {
        if (!_calls.TryGetValue(callId, out var call))
        {
            _calls[callId] = call = new CallFacts();
            _callOrder.Enqueue(callId);
            if (_callOrder.Count > MaxCalls)
                _calls.Remove(_callOrder.Dequeue());
        }
        call.TenantId ??= tenantId;
        call.QueueId ??= queueId;
        if (call.QueuedAt == default)
            call.QueuedAt = queuedAt;
        return call;
    }
}
