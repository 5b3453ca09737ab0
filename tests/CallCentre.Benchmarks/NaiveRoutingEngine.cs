using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Benchmarks;

/// <summary>The obvious ACD, for comparison only: every decision scans all agents (for a new call) or all waiting calls
/// (for a freed agent). Same rules as the engine for eligibility (tier 0), longest idle, and ageing priority order.</summary>
public sealed class NaiveRoutingEngine(IReadOnlyList<QueueConfiguration> queues, IReadOnlyList<RoutingAgent> agents, TimeSpan aging) : IRoutingOperations
{
    private sealed class Agent(RoutingAgent profile)
    {
        public readonly RoutingAgent Profile = profile;
        public AgentState State = AgentState.LoggedOut;
        public DateTimeOffset IdleSince;
        public Call? Call;
    }

    private sealed class Call(IncomingCall incoming, QueueConfiguration queue, DateTimeOffset at, long key)
    {
        public readonly IncomingCall Incoming = incoming;
        public readonly QueueConfiguration Queue = queue;
        public readonly DateTimeOffset QueuedAt = at;
        public readonly long Key = key;
        public bool Waiting = true;
    }

    private readonly Dictionary<string, QueueConfiguration> _queues = queues.ToDictionary(q => q.Id);
    private readonly Dictionary<string, Agent> _agents = agents.ToDictionary(a => a.Id, a => new Agent(a));
    private readonly List<Agent> _agentList = agents.Select(_ => (Agent)null!).ToList();
    private readonly List<Call> _waiting = [];
    private readonly Dictionary<Guid, Call> _calls = [];

    public int WaitingCalls => _waiting.Count;

    public RoutingOutcome Enqueue(IncomingCall incoming, DateTimeOffset now)
    {
        if (!_queues.TryGetValue(incoming.QueueId, out var queue)) return RoutingOutcome.UnknownQueue;
        if (_calls.ContainsKey(incoming.CallId)) return RoutingOutcome.Duplicate;
        var call = new Call(incoming, queue, now, now.UtcTicks - (incoming.Priority ?? queue.Priority) * aging.Ticks);
        _calls.Add(incoming.CallId, call);
        Agent? best = null;
        foreach (var agent in _agents.Values)
            if (agent.State == AgentState.Available && agent.Profile.Satisfies(queue.RequiredSkills) && (best is null || agent.IdleSince < best.IdleSince))
                best = agent;
        if (best is null) _waiting.Add(call);
        else Offer(best, call);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome SetAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now)
    {
        var agent = _agents[agentId];
        agent.State = state;
        agent.IdleSince = now;
        if (state == AgentState.Available) Free(agent);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Answer(string agentId, Guid callId, DateTimeOffset now) => AnswerCurrentOffer(agentId, now);

    public RoutingOutcome AnswerCurrentOffer(string agentId, DateTimeOffset now)
    {
        var agent = _agents[agentId];
        if (agent.State != AgentState.Reserved) return RoutingOutcome.InvalidState;
        agent.State = AgentState.OnCall;
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome CompleteCurrentCall(string agentId, DateTimeOffset now)
    {
        var agent = _agents[agentId];
        if (agent.State != AgentState.OnCall) return RoutingOutcome.InvalidState;
        _calls.Remove(agent.Call!.Incoming.CallId);
        agent.Call = null;
        agent.State = AgentState.Available;
        agent.IdleSince = now;
        Free(agent);
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome Abandon(Guid callId, DateTimeOffset now)
    {
        if (!_calls.TryGetValue(callId, out var call) || !call.Waiting) return RoutingOutcome.InvalidState;
        _waiting.Remove(call);
        _calls.Remove(callId);
        return RoutingOutcome.Ok;
    }

    public AgentView? FindAgent(string agentId)
    {
        var a = _agents[agentId];
        return new AgentView(agentId, a.State, null, a.IdleSince, a.Call?.Incoming.CallId, a.Call?.Queue.Id, a.Call?.Queue.TenantId, a.Call?.QueuedAt);
    }

    private void Free(Agent agent)
    {
        Call? best = null;
        foreach (var call in _waiting)
            if (agent.Profile.Satisfies(call.Queue.RequiredSkills) && (best is null || call.Key < best.Key))
                best = call;
        if (best is null) return;
        _waiting.Remove(best);
        Offer(agent, best);
    }

    private static void Offer(Agent agent, Call call)
    {
        call.Waiting = false;
        agent.Call = call;
        agent.State = AgentState.Reserved;
    }
}
