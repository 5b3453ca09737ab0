using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

public sealed partial class RoutingEngine
{
    public CallView? FindCall(Guid callId)
    {
        if (!_callIndex.TryGetValue(callId, out var index)) return null;
        var call = _calls[index];
        var queue = call.Queue;
        int? position = null;
        double? estimate = null;
        if (call.State == CallState.Waiting)
        {
            var ahead = 0;
            for (var t = 0; t < queue.Tiers; t++)
                foreach (var other in queue.Waiting[t].Items)
                    if (other != index && CallBefore(other, index))
                        ahead++;
            position = ahead + 1;
            // Estimated wait: the calls ahead and this one, shared among the agents staffing the queue, at the average handle
            // time of the legs ended in the queue so far (or its assumed handle time before any leg ended).
            var handle = queue.EndedLegs > 0 ? queue.HandleSeconds / queue.EndedLegs : queue.Definition.AssumedHandleTime.TotalSeconds;
            var staffed = 0;
            foreach (var team in queue.TierTeams[0])
                staffed += team.StateCounts[(int)AgentState.Available] + team.StateCounts[(int)AgentState.Reserved] +
                           team.StateCounts[(int)AgentState.OnCall] + team.StateCounts[(int)AgentState.AfterCallWork];
            estimate = staffed == 0 ? null : position.Value * handle / staffed;
        }
        return new CallView(call.Id, queue.Definition.TenantId, queue.Definition.Id, call.State,
            call.Agent >= 0 ? _agents[call.Agent].Id : null, call.QueuedAt, position, estimate);
    }

    public AgentView? FindAgent(string agentId)
    {
        if (!_agentById.TryGetValue(agentId, out var agent)) return null;
        var call = agent.Call >= 0 ? _calls[agent.Call] : null;
        return new AgentView(agent.Id, agent.State, agent.Reason, agent.Since, call?.Id, call?.Queue.Definition.Id,
            call?.Queue.Definition.TenantId, call?.QueuedAt)
        {
            AnsweredAt = call?.State == CallState.OnCall ? call.AnsweredAt : null,
            HeldSince = call?.State == CallState.OnCall ? call.HeldSince : null,
            HoldSeconds = call?.State == CallState.OnCall ? call.HoldSeconds : 0,
        };
    }

    public IEnumerable<AgentView> Agents => _agents.Select(a => FindAgent(a.Id)!);

    public QueueSnapshot Snapshot(string queueId, DateTimeOffset now)
    {
        var queue = _queueById[queueId];
        Span<int> counts = stackalloc int[6];
        foreach (var team in queue.TierTeams[0])
            for (var s = 0; s < counts.Length; s++)
                counts[s] += team.StateCounts[s];
        var oldest = DateTimeOffset.MaxValue;
        for (var t = 0; t < queue.Tiers; t++)
            if (queue.Arrival[t].Peek() is var c and >= 0 && _calls[c].QueuedAt < oldest)
                oldest = _calls[c].QueuedAt;
        return new QueueSnapshot(queue.Definition.TenantId, queue.Definition.Id, queue.WaitingCount,
            oldest == DateTimeOffset.MaxValue ? 0 : Math.Max(0, (now - oldest).TotalSeconds),
            counts[(int)AgentState.Available], counts[(int)AgentState.Reserved], counts[(int)AgentState.OnCall],
            counts[(int)AgentState.AfterCallWork], counts[(int)AgentState.NotReady], now);
    }

    // ---------------------------------------------------------------- restart

    /// <summary>A live call as Routing's store kept it.</summary>
    public sealed record RestoredCall(Guid CallId, string QueueId, string CallerHash, int Priority, DateTimeOffset QueuedAt,
        CallState State, string? AgentId, DateTimeOffset? AnsweredAt)
    {
        /// <summary>The connected leg's ended holds, in seconds.</summary>
        public double HoldSeconds { get; init; }
        /// <summary>When the connected call's current hold began, if it is on hold.</summary>
        public DateTimeOffset? HeldSince { get; init; }
    }

    /// <summary>An agent's state as Routing's store kept it.</summary>
    public sealed record RestoredAgent(string AgentId, AgentState State, string? Reason, DateTimeOffset Since)
    {
        /// <summary>In after-call work: the leg it follows and its deadline, when the store kept them (null for a state stored
        /// before they were kept).</summary>
        public WrapUpLeg? WrapUp { get; init; }
        public DateTimeOffset? WrapUpEndsAt { get; init; }
    }

    /// <summary>Rebuilds the state a previous process left: connected calls stay with their agents; waiting calls, and
    /// calls whose offer was ringing, wait again in their original place in line; an agent whose offer was ringing is
    /// available again. Nothing is reported for what is restored; matching then proceeds as usual (and is reported). An agent's
    /// after-call work ends at the next tick, reported (<see cref="RoutingEvents.CallWrapUpEnded"/>, when its leg was kept) as
    /// ending now, or at its deadline if that passed while Routing was down.</summary>
    public void Restore(IEnumerable<RestoredAgent> agents, IEnumerable<RestoredCall> calls, DateTimeOffset now)
    {
        foreach (var saved in agents)
        {
            if (!_agentById.TryGetValue(saved.AgentId, out var agent)) continue;
            var state = saved.State is AgentState.Reserved or AgentState.OnCall ? AgentState.Available : saved.State;
            Silently(agent, state, saved.Reason, saved.Since);
            if (state == AgentState.AfterCallWork)
            {
                // End it at the next tick (as when its deadline was not kept); the work reported runs to now or the deadline.
                agent.WrapUpEndsAt = saved.WrapUpEndsAt is { } deadline && deadline < now ? deadline : now;
                agent.WrapUp = saved.WrapUp;
                _wrapUpDeadlines.Add(agent.Index);
            }
        }
        var waiting = new List<int>();
        foreach (var saved in calls.OrderBy(c => c.QueuedAt))
        {
            if (!_queueById.TryGetValue(saved.QueueId, out var queue) || _callIndex.ContainsKey(saved.CallId)) continue;
            var index = AllocateCall();
            var call = _calls[index];
            call.Id = saved.CallId;
            call.CallerHash = saved.CallerHash;
            call.Priority = saved.Priority;
            call.QueuedAt = saved.QueuedAt;
            call.OrderKey = saved.QueuedAt.UtcTicks - saved.Priority * _agingTicks;
            call.Sequence = ++_sequence;
            call.Queue = queue;
            call.EnteredAt = saved.QueuedAt;
            call.PreferredAgent = -1;
            _callIndex.Add(call.Id, index);
            if (saved.State == CallState.OnCall && saved.AgentId is { } agentId && _agentById.TryGetValue(agentId, out var agent) &&
                agent.Call < 0 && saved.AnsweredAt is { } answeredAt)
            {
                call.State = CallState.OnCall;
                call.Agent = agent.Index;
                call.AnsweredAt = answeredAt;
                call.HoldSeconds = saved.HoldSeconds;
                call.HeldSince = saved.HeldSince;
                agent.Call = index;
                Silently(agent, AgentState.OnCall, null, answeredAt);
            }
            else
            {
                call.Tier = 0;
                AddWaiting(index, queue);
                waiting.Add(index);
            }
            MarkDirty(queue);
        }
        foreach (var index in waiting)
            TryMatchCall(index, now);
    }

    private void Silently(AgentSlot agent, AgentState state, string? reason, DateTimeOffset since)
    {
        var team = agent.Team;
        if (agent.State == AgentState.Available) team.RemoveAvailable(agent.Index);
        team.StateCounts[(int)agent.State]--;
        agent.State = state;
        agent.Reason = reason;
        agent.Since = since;
        agent.IdleSince = since;
        team.StateCounts[(int)state]++;
        if (state == AgentState.Available) team.AddAvailable(agent.Index);
        foreach (var queue in team.HomeQueues) MarkDirty(queue);
    }
}
