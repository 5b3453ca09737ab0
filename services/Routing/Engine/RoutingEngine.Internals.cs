using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

public sealed partial class RoutingEngine
{
    /// <summary>Takes a call into <paramref name="queue"/>, or overflows or rejects it if the queue is closed or full.</summary>
    private void Admit(int index, QueueSlot queue, DateTimeOffset now, int hops)
    {
        var definition = queue.Definition;
        if (definition.Hours is { } hours && !hours.IsOpen(now))
        {
            OverflowOrReject(index, queue, hours.ClosedOverflowQueue, "closed", now, hops);
            return;
        }
        if (definition.Limits.MaxWaiting is { } max && queue.WaitingCount >= max)
        {
            OverflowOrReject(index, queue, definition.Limits.OverflowQueue, "full", now, hops);
            return;
        }
        var call = _calls[index];
        call.Queue = queue;
        call.EnteredAt = now;
        call.Tier = 0;
        call.State = CallState.Waiting;
        MarkDirty(queue);
        if (call.PreferredAgent >= 0 && now < call.PreferredUntil && _agents[call.PreferredAgent].Team.IsEligibleFor(queue))
        {
            var preferred = _agents[call.PreferredAgent];
            queue.WaitingCount++;
            preferred.PreferredCalls.Add(index);
            _preferredDeadlines.Add(index);
            if (preferred.State == AgentState.Available)
                TryMatchAgent(preferred, now, exclude: -1);
            return;
        }
        call.PreferredAgent = -1;
        AddWaiting(index, queue);
        TryMatchCall(index, now);
    }

    private void OverflowOrReject(int index, QueueSlot from, string? toQueueId, string reason, DateTimeOffset now, int hops)
    {
        var call = _calls[index];
        if (toQueueId is not null && toQueueId != from.Definition.Id && hops < MaxOverflowHops && _queueById.TryGetValue(toQueueId, out var to) &&
            to.Definition.TenantId == from.Definition.TenantId)
        {
            _events.CallOverflowed(call.Id, from.Definition.TenantId, from.Definition.Id, to.Definition.Id, reason, call.QueuedAt, now);
            MarkDirty(from);
            Admit(index, to, now, hops + 1);
            return;
        }
        LastRejectionReason = reason;
        _events.CallRejected(call.Id, from.Definition.TenantId, from.Definition.Id, reason, call.QueuedAt, now);
        MarkDirty(from);
        FreeCall(index);
    }

    private void AddWaiting(int index, QueueSlot queue)
    {
        var call = _calls[index];
        call.State = CallState.Waiting;
        queue.Waiting[call.Tier].Add(index);
        queue.Arrival[call.Tier].Add(index);
        queue.WaitingCount++;
    }

    private void RemoveWaiting(int index)
    {
        var call = _calls[index];
        var queue = call.Queue;
        if (call.PreferredAgent >= 0 && _agents[call.PreferredAgent].PreferredCalls.Remove(index))
        {
            _preferredDeadlines.Remove(index);
            queue.WaitingCount--;
            return;
        }
        if (queue.Waiting[call.Tier].Remove(index))
        {
            queue.Arrival[call.Tier].Remove(index);
            queue.WaitingCount--;
        }
    }

    /// <summary>A call is waiting: offer it to the best available agent of the teams its tier allows.</summary>
    private void TryMatchCall(int index, DateTimeOffset now)
    {
        var call = _calls[index];
        if (call.State != CallState.Waiting || call.PreferredAgent >= 0) return;
        var queue = call.Queue;
        var strategy = queue.Definition.Strategy;
        var best = -1;
        Team? bestTeam = null;
        for (var t = 0; t <= call.Tier; t++)
        {
            var teams = queue.TierTeams[t];
            for (var i = 0; i < teams.Count; i++)
            {
                var team = teams[i];
                var candidate = team.Available(strategy).Peek();
                if (candidate < 0) continue;
                if (best < 0 || AgentBefore(strategy, queue, team, candidate, bestTeam!, best))
                {
                    best = candidate;
                    bestTeam = team;
                }
            }
        }
        if (best >= 0)
            Offer(_agents[best], index, now);
    }

    private bool AgentBefore(RoutingStrategy strategy, QueueSlot queue, Team aTeam, int a, Team bTeam, int b)
    {
        if (strategy == RoutingStrategy.MostSkilled)
        {
            var pa = queue.Proficiency[aTeam.Index];
            var pb = queue.Proficiency[bTeam.Index];
            if (pa != pb) return pa > pb;
        }
        return aTeam.Available(strategy).Before(a, b);
    }

    /// <summary>An agent is available: offer it a call waiting for it by name, else the best call among the queues it serves.</summary>
    private void TryMatchAgent(AgentSlot agent, DateTimeOffset now, int exclude)
    {
        if (agent.State != AgentState.Available) return;
        var best = -1;
        // A call named the agent when the agent was eligible; a change of skills since then must not bypass the rule.
        foreach (var index in agent.PreferredCalls)
            if (index != exclude && agent.Team.IsEligibleFor(_calls[index].Queue) && (best < 0 || CallBefore(index, best)))
                best = index;
        if (best < 0)
        {
            var links = agent.Team.Links;
            for (var i = 0; i < links.Count; i++)
            {
                var (queue, minTier) = links[i];
                if (queue.WaitingCount == 0) continue;
                for (var t = minTier; t < queue.Tiers; t++)
                {
                    var head = queue.Waiting[t].Peek();
                    if (head >= 0 && head != exclude && (best < 0 || CallBefore(head, best)))
                        best = head;
                }
            }
        }
        if (best >= 0)
            Offer(agent, best, now);
    }

    private bool CallBefore(int a, int b)
    {
        var x = _calls[a];
        var y = _calls[b];
        if (x.OrderKey != y.OrderKey) return x.OrderKey < y.OrderKey;
        if (x.QueuedAt != y.QueuedAt) return x.QueuedAt < y.QueuedAt;
        return x.Sequence < y.Sequence;
    }

    private void Offer(AgentSlot agent, int index, DateTimeOffset now)
    {
        RemoveWaiting(index);
        var call = _calls[index];
        call.State = CallState.Offered;
        call.Agent = agent.Index;
        call.OfferedAt = now;
        agent.Call = index;
        agent.LastOfferSequence = ++_offerSequence;
        agent.OfferDeadline = now + call.Queue.Definition.OfferTimeout;
        _events.CallOffered(call.Id, call.Queue.Definition.TenantId, call.Queue.Definition.Id, agent.Id, call.QueuedAt, now);
        MarkDirty(call.Queue);
        SetState(agent, AgentState.Reserved, null, now);
        _offerDeadlines.Add(agent.Index);
    }

    private void ReturnOffer(AgentSlot agent, int index, string reason, DateTimeOffset now)
    {
        _offerDeadlines.Remove(agent.Index);
        agent.Call = -1;
        agent.Missed++;
        ReturnToQueue(index, now);
        // Someone else first; if nobody else may take it, it rings again at the same agent (as their next offer).
        TryMatchCall(index, now);
        if (agent.Missed >= MaxConsecutiveMissedOffers)
        {
            SetState(agent, AgentState.NotReady, reason, now);
            return;
        }
        agent.IdleSince = now;
        SetState(agent, AgentState.Available, null, now);
        TryMatchAgent(agent, now, exclude: -1);
    }

    private void ReturnToQueue(int index, DateTimeOffset now)
    {
        var call = _calls[index];
        call.Agent = -1;
        call.PreferredAgent = -1;
        AddWaiting(index, call.Queue); // the same key: the call keeps its place in line
        MarkDirty(call.Queue);
    }

    /// <summary>The agent's leg of the call ended: after-call work for the queue's wrap-up time, if it has one (the leg is
    /// reported when that work ends), else the leg is reported now.</summary>
    private void EndCall(AgentSlot agent, QueueSlot queue, Guid callId, DateTimeOffset queuedAt, DateTimeOffset answeredAt, double talk,
        double hold, string endedBy, string? disposition, DateTimeOffset now)
    {
        if (queue.Definition.WrapUp > TimeSpan.Zero)
        {
            agent.WrapUpEndsAt = now + queue.Definition.WrapUp;
            agent.WrapUp = new WrapUpLeg(callId, queue.Definition.TenantId, queue.Definition.Id, queuedAt, now)
            {
                AnsweredAt = answeredAt, TalkSeconds = talk, HoldSeconds = hold, EndedBy = endedBy, Disposition = disposition,
            };
            SetState(agent, AgentState.AfterCallWork, null, now);
            _wrapUpDeadlines.Add(agent.Index);
        }
        else
        {
            LegEnded(queue, callId, queue.Definition.TenantId, queue.Definition.Id, agent.Id, queuedAt, answeredAt, now, endedBy, talk, hold, 0,
                disposition);
            BecomeAvailable(agent, now);
        }
    }

    /// <summary>Reports a leg once its after-call work is done, and counts its handle time in its queue's estimated waits.</summary>
    private void LegEnded(QueueSlot? queue, Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset endedAt, string endedBy, double talk, double hold, double wrapUp, string? disposition)
    {
        if (queue is not null)
        {
            queue.EndedLegs++;
            queue.HandleSeconds += HandleTime.Of(talk, hold, wrapUp);
        }
        _events.CallLegEnded(callId, tenantId, queueId, agentId, queuedAt, answeredAt, endedAt, endedBy, talk, hold, wrapUp, disposition);
    }

    /// <summary>The agent's after-call work ends, however: at its deadline (<see cref="Tick"/>), or earlier by a state change
    /// (the agent's, a supervisor's, a logout). Reports the work actually done, which never runs past the deadline (a tick
    /// comes up to a quarter second late; a restored wrap-up may have passed its deadline while Routing was down).</summary>
    private void EndWrapUp(AgentSlot agent, DateTimeOffset now)
    {
        _wrapUpDeadlines.Remove(agent.Index);
        if (agent.WrapUp is not { } leg)
            return;
        agent.WrapUp = null;
        var ended = now < agent.WrapUpEndsAt ? now : agent.WrapUpEndsAt;
        if (ended < leg.StartedAt)
            ended = leg.StartedAt;
        var seconds = (ended - leg.StartedAt).TotalSeconds;
        _events.CallWrapUpEnded(leg.CallId, leg.TenantId, leg.QueueId, leg.QueuedAt, agent.Id, leg.StartedAt, ended, seconds);
        if (leg is { AnsweredAt: { } answeredAt, EndedBy: { } endedBy })
            LegEnded(_queueById.GetValueOrDefault(leg.QueueId), leg.CallId, leg.TenantId, leg.QueueId, agent.Id, leg.QueuedAt, answeredAt,
                leg.StartedAt, endedBy, leg.TalkSeconds, leg.HoldSeconds, seconds, leg.Disposition);
    }

    private void BecomeAvailable(AgentSlot agent, DateTimeOffset now)
    {
        agent.IdleSince = now;
        SetState(agent, AgentState.Available, null, now);
        TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>The one place an agent's state changes: keeps the team's availability heaps and state counts, and reports it.</summary>
    private void SetState(AgentSlot agent, AgentState state, string? reason, DateTimeOffset now)
    {
        if (agent.State == state && agent.Reason == reason) return;
        if (agent.PendingTeam is { } pending && state is not (AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork))
            MoveToTeam(agent, pending);
        var team = agent.Team;
        if (agent.State == AgentState.Available && state != AgentState.Available)
            team.RemoveAvailable(agent.Index);
        else if (agent.State != AgentState.Available && state == AgentState.Available)
            team.AddAvailable(agent.Index);
        team.StateCounts[(int)agent.State]--;
        team.StateCounts[(int)state]++;
        agent.State = state;
        agent.Reason = reason;
        agent.Since = now;
        _events.AgentStateChanged(agent.Id, team.TenantIds, state, reason, agent.Call >= 0 ? _calls[agent.Call].Id : null, now);
        foreach (var queue in team.HomeQueues)
            MarkDirty(queue);
    }

    private void RunTimers(QueueSlot queue, DateTimeOffset now)
    {
        // Escalation: a call that has waited long enough in this queue moves up a tier, open to more teams.
        for (var t = 0; t + 1 < queue.Tiers; t++)
        {
            while (queue.Arrival[t].Peek() is var c and >= 0 && now - _calls[c].EnteredAt >= queue.TierAfter[t + 1])
            {
                queue.Waiting[t].Remove(c);
                queue.Arrival[t].Remove(c);
                queue.WaitingCount--;
                _calls[c].Tier = t + 1;
                AddWaiting(c, queue);
                TryMatchCall(c, now);
            }
        }
        foreach (var (after, toQueue, reason) in queue.Moves)
        {
            for (var t = 0; t < queue.Tiers; t++)
            {
                while (queue.Arrival[t].Peek() is var c and >= 0 && now - _calls[c].EnteredAt >= after)
                {
                    RemoveWaiting(c);
                    OverflowOrReject(c, queue, toQueue, reason, now, hops: 0);
                }
            }
        }
    }

    private (RoutingOutcome, AgentSlot?, int) FindAgentsCall(string agentId, Guid callId)
    {
        if (!_agentById.TryGetValue(agentId, out var agent)) return (RoutingOutcome.UnknownAgent, null, -1);
        if (!_callIndex.TryGetValue(callId, out var index)) return (RoutingOutcome.UnknownCall, agent, -1);
        if (_calls[index].Agent != agent.Index) return (RoutingOutcome.NotAgentsCall, agent, index);
        return (RoutingOutcome.Ok, agent, index);
    }

    private void MarkDirty(QueueSlot queue)
    {
        if (queue.Dirty) return;
        queue.Dirty = true;
        _dirty.Add(queue);
    }

    private int AllocateCall()
    {
        if (_freeCalls.TryPop(out var index))
            return index;
        if (_callSlotsUsed == _calls.Length)
            Array.Resize(ref _calls, _calls.Length * 2);
        _calls[_callSlotsUsed] = new CallSlot();
        return _callSlotsUsed++;
    }

    private void FreeCall(int index)
    {
        var call = _calls[index];
        _callIndex.Remove(call.Id);
        call.State = CallState.Ended;
        call.Agent = -1;
        call.PreferredAgent = -1;
        _freeCalls.Push(index);
    }
}
