using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

internal sealed class CallDistributor(CallTable calls, AgentRoster agents, Dictionary<string, WaitingLine> queues, DeadlineTimers deadlines,
    RoutingEvents events)
{
    private const int MaxOverflowHops = 5;
    private static readonly List<(WaitingLine Queue, int MinTier)> NoLinks = [];
    private readonly List<WaitingLine> _dirty = [];
    private long _offerSequence;

    public string? LastRejectionReason { get; set; }

    public void Admit(int index, WaitingLine queue, DateTimeOffset now, int hops)
    {
        if (queue.Hours is { } hours && !hours.IsOpen(now))
        {
            OverflowOrReject(index, queue, hours.ClosedOverflowQueue, "closed", now, hops);
            return;
        }
        if (queue.Definition.MaxWaiting is { } max && queue.WaitingCount >= max)
        {
            OverflowOrReject(index, queue, queue.Definition.OverflowQueue, "full", now, hops);
            return;
        }
        var call = calls[index];
        call.Queue = queue;
        call.EnteredAt = now;
        call.Tier = 0;
        call.State = CallState.Waiting;
        MarkDirty(queue);
        if (call.PreferredAgent >= 0 && now < call.PreferredUntil && agents[call.PreferredAgent].Pool.IsEligibleFor(queue))
        {
            var preferred = agents[call.PreferredAgent];
            queue.WaitingCount++;
            preferred.PreferredCalls.Add(index);
            deadlines.PreferredAgents.Add(index);
            if (preferred.State == AgentState.Available || call.Kind != ContactKind.Voice)
                TryMatchAgent(preferred, now, exclude: -1);
            return;
        }
        call.PreferredAgent = -1;
        AddWaiting(index, queue);
        TryMatchCall(index, now);
    }

    private void OverflowOrReject(int index, WaitingLine from, string? toQueueId, string reason, DateTimeOffset now, int hops)
    {
        var call = calls[index];
        if (toQueueId is not null && toQueueId != from.Id && hops < MaxOverflowHops && queues.TryGetValue(toQueueId, out var to) &&
            to.TenantId == from.TenantId)
        {
            events.CallOverflowed(call.Id, from.TenantId, from.Id, to.Id, reason, call.QueuedAt, now);
            MarkDirty(from);
            Admit(index, to, now, hops + 1);
            return;
        }
        LastRejectionReason = reason;
        events.CallRejected(call.Id, from.TenantId, from.Id, reason, call.QueuedAt, now, call.Kind.Name());
        MarkDirty(from);
        calls.Free(index);
    }

    public void AddWaiting(int index, WaitingLine queue)
    {
        var call = calls[index];
        call.State = CallState.Waiting;
        var lane = queue.Lane(call.Kind);
        lane.Waiting[call.Tier].Add(index);
        lane.Arrival[call.Tier].Add(index);
        lane.Count++;
        queue.WaitingCount++;
    }

    public void RemoveWaiting(int index)
    {
        var call = calls[index];
        var queue = call.Queue;
        if (call.PreferredAgent >= 0 && agents[call.PreferredAgent].PreferredCalls.Remove(index))
        {
            deadlines.PreferredAgents.Remove(index);
            queue.WaitingCount--;
            return;
        }
        var lane = queue.Lane(call.Kind);
        if (lane.Waiting[call.Tier].Remove(index))
        {
            lane.Arrival[call.Tier].Remove(index);
            lane.Count--;
            queue.WaitingCount--;
        }
    }

    public void TryMatchCall(int index, DateTimeOffset now)
    {
        var call = calls[index];
        if (call.State != CallState.Waiting || call.PreferredAgent >= 0) return;
        if (call.Kind != ContactKind.Voice)
        {
            TryMatchContact(index, now);
            return;
        }
        var best = BestAvailable(call.Queue, call.Tier);
        if (best >= 0)
            Offer(agents[best], index, now);
    }

    public int BestAvailable(WaitingLine queue, int maxTier)
    {
        var strategy = queue.Strategy;
        var best = -1;
        AgentPool? bestPool = null;
        for (var t = 0; t <= maxTier && t < queue.Tiers; t++)
        {
            var pools = queue.TierPools[t];
            for (var i = 0; i < pools.Count; i++)
            {
                var pool = pools[i];
                var candidate = pool.Available(strategy).Peek();
                if (candidate < 0) continue;
                if (best < 0 || AgentBefore(strategy, queue, pool, candidate, bestPool!, best))
                {
                    best = candidate;
                    bestPool = pool;
                }
            }
        }
        return best;
    }

    private static bool AgentBefore(RoutingStrategy strategy, WaitingLine queue, AgentPool aPool, int a, AgentPool bPool, int b)
    {
        if (strategy == RoutingStrategy.MostSkilled)
        {
            var pa = queue.Proficiency[aPool.Index];
            var pb = queue.Proficiency[bPool.Index];
            if (pa != pb) return pa > pb;
        }
        return aPool.Available(strategy).Before(a, b);
    }

    /// <summary>The phone first (a call waiting for this agent by name before the others), then the other kinds it has room for.</summary>
    public void TryMatchAgent(AgentSeat agent, DateTimeOffset now, int exclude)
    {
        if (agent.InVoiceLine)
            MatchVoice(agent, now, exclude);
        if (agent.Capacity is not null)
            TryMatchContacts(agent, now);
    }

    private void MatchVoice(AgentSeat agent, DateTimeOffset now, int exclude)
    {
        var best = -1;
        // A call named the agent when the agent was eligible; a change of skills since then must not bypass the rule.
        foreach (var index in agent.PreferredCalls)
            if (index != exclude && calls[index].Kind == ContactKind.Voice && agent.Pool.IsEligibleFor(calls[index].Queue) &&
                (best < 0 || calls.Before(index, best)))
                best = index;
        if (best < 0)
        {
            var links = agent.Pool.Links;
            for (var i = 0; i < links.Count; i++)
            {
                var (queue, minTier) = links[i];
                if (queue.WaitingCount == 0) continue;
                for (var t = minTier; t < queue.Tiers; t++)
                {
                    var head = queue.Waiting[t].Peek();
                    if (head >= 0 && head != exclude && (best < 0 || calls.Before(head, best)))
                        best = head;
                }
            }
        }
        if (best >= 0)
            Offer(agent, best, now);
    }

    private void TryMatchContact(int index, DateTimeOffset now)
    {
        var call = calls[index];
        var queue = call.Queue;
        var strategy = queue.Strategy;
        var best = -1;
        AgentPool? bestPool = null;
        for (var t = 0; t <= call.Tier; t++)
        {
            var pools = queue.TierPools[t];
            for (var i = 0; i < pools.Count; i++)
            {
                var pool = pools[i];
                if (pool.ForKind(call.Kind, strategy) is not { } heap) continue;
                var candidate = heap.Peek();
                if (candidate < 0) continue;
                if (best < 0 || ContactAgentBefore(strategy, queue, pool, heap, candidate, bestPool!, best))
                {
                    best = candidate;
                    bestPool = pool;
                }
            }
        }
        if (best >= 0)
            OfferContact(agents[best], index, now);
    }

    private static bool ContactAgentBefore(RoutingStrategy strategy, WaitingLine queue, AgentPool aPool, IndexedHeap heap, int a,
        AgentPool bPool, int b)
    {
        if (strategy == RoutingStrategy.MostSkilled)
        {
            var pa = queue.Proficiency[aPool.Index];
            var pb = queue.Proficiency[bPool.Index];
            if (pa != pb) return pa > pb;
        }
        return heap.Before(a, b);
    }

    /// <summary>Every kind the agent has room for, the best waiting contact of that kind each time, until it is full.</summary>
    private void TryMatchContacts(AgentSeat agent, DateTimeOffset now)
    {
        for (var k = 1; k < ContactKindNames.Count; k++)
        {
            var kind = (ContactKind)k;
            while (agent.Pool.HasRoom(kind, agent.Index))
            {
                var best = -1;
                foreach (var index in agent.PreferredCalls)
                    if (calls[index].Kind == kind && agent.Pool.IsEligibleFor(calls[index].Queue) && (best < 0 || calls.Before(index, best)))
                        best = index;
                var links = best < 0 ? agent.Pool.Links : NoLinks;
                for (var i = 0; i < links.Count; i++)
                {
                    var (queue, minTier) = links[i];
                    if (queue.Lanes[k] is not { Count: > 0 } lane) continue;
                    for (var t = minTier; t < queue.Tiers; t++)
                    {
                        var head = lane.Waiting[t].Peek();
                        if (head >= 0 && (best < 0 || calls.Before(head, best)))
                            best = head;
                    }
                }
                if (best < 0) break;
                OfferContact(agent, best, now);
            }
        }
    }

    private void OfferContact(AgentSeat agent, int index, DateTimeOffset now)
    {
        RemoveWaiting(index);
        var call = calls[index];
        call.State = CallState.Offered;
        call.Agent = agent.Index;
        call.OfferedAt = now;
        call.OfferDeadline = now + call.Queue.OfferTimeout;
        agent.Contacts.Add(index);
        agent.Held[(int)call.Kind]++;
        if (call.Kind.IsDigital()) agent.DigitalHeld++;
        agent.LastContactSequence = ++_offerSequence;
        events.CallOffered(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.QueuedAt, now, call.Kind.Name());
        MarkDirty(call.Queue);
        deadlines.ContactOffers.Add(index);
        Sync(agent);
    }

    /// <summary>The agent has room for the kind again (and may take the phone again).</summary>
    public void ReleaseContact(AgentSeat agent, int index, DateTimeOffset now)
    {
        var call = calls[index];
        agent.Contacts.Remove(index);
        agent.Held[(int)call.Kind]--;
        if (call.Kind.IsDigital()) agent.DigitalHeld--;
        agent.ContactIdleSince = now;
    }

    /// <summary>Missed or declined: someone else first; if nobody else may take it, it comes back to the same agent.</summary>
    public void ReturnContact(AgentSeat agent, int index, string reason, bool countMiss, DateTimeOffset now)
    {
        deadlines.ContactOffers.Remove(index);
        var call = calls[index];
        events.CallOfferReturned(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, reason, call.QueuedAt, call.OfferedAt, now,
            call.Kind.Name());
        ReleaseContact(agent, index, now);
        agent.Pool.RemoveForKind(call.Kind, agent.Index);
        ReturnToQueue(index);
        TryMatchCall(index, now);
        if (countMiss && ++agent.Missed >= RoutingEngine.MaxConsecutiveMissedOffers && agent.State == AgentState.Available)
            SetState(agent, AgentState.NotReady, reason, now);
        Sync(agent);
        TryMatchAgent(agent, now, exclude: -1);
    }

    public void ChangeCapacity(AgentSeat agent, RoutingAgent definition, DateTimeOffset now)
    {
        for (var k = 1; k < ContactKindNames.Count; k++)
            agent.Pool.RemoveForKind((ContactKind)k, agent.Index);
        if (!agent.SetCapacity(definition))
        {
            Sync(agent);
            return;
        }
        Sync(agent);
        TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>Puts the agent in the heaps it belongs in now: the phone's, and each kind's it has room for.</summary>
    public void Sync(AgentSeat agent)
    {
        var pool = agent.Pool;
        var open = agent.VoiceOpen;
        if (open != agent.InVoiceLine)
        {
            if (open) pool.AddAvailable(agent.Index);
            else pool.RemoveAvailable(agent.Index);
            agent.InVoiceLine = open;
        }
        if (agent.Capacity is not { } capacity) return;
        for (var k = 1; k < ContactKindNames.Count; k++)
        {
            var kind = (ContactKind)k;
            if (capacity[k] == 0 && !pool.HasRoom(kind, agent.Index)) continue;
            pool.RemoveForKind(kind, agent.Index);
            if (!agent.OpenFor(kind)) continue;
            agent.Places ??= new KindPlace[ContactKindNames.Count];
            agent.Places[k] = new KindPlace
            {
                Load = agent.Held[k],
                IdleSince = agent.ContactIdleSince > agent.IdleSince ? agent.ContactIdleSince : agent.IdleSince,
                LastOffer = agent.LastContactSequence,
                CallsToday = agent.CallsToday,
                TalkToday = agent.TalkToday,
            };
            pool.AddForKind(kind, agent.Index, agents);
        }
    }

    private void Offer(AgentSeat agent, int index, DateTimeOffset now)
    {
        RemoveWaiting(index);
        var call = calls[index];
        call.State = CallState.Offered;
        call.Agent = agent.Index;
        call.OfferedAt = now;
        agent.Call = index;
        agent.LastOfferSequence = ++_offerSequence;
        agent.OfferDeadline = now + call.Queue.OfferTimeout;
        events.CallOffered(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.QueuedAt, now);
        MarkDirty(call.Queue);
        SetState(agent, AgentState.Reserved, null, now);
        deadlines.Offers.Add(agent.Index);
    }

    public void ReturnOffer(AgentSeat agent, int index, string reason, DateTimeOffset now)
    {
        deadlines.Offers.Remove(agent.Index);
        var call = calls[index];
        events.CallOfferReturned(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, reason, call.QueuedAt, call.OfferedAt, now);
        agent.Call = -1;
        agent.Missed++;
        ReturnToQueue(index);
        // Someone else first; if nobody else may take it, it rings again at the same agent (as their next offer).
        TryMatchCall(index, now);
        if (agent.Missed >= RoutingEngine.MaxConsecutiveMissedOffers)
        {
            SetState(agent, AgentState.NotReady, reason, now);
            return;
        }
        agent.IdleSince = now;
        SetState(agent, AgentState.Available, null, now);
        TryMatchAgent(agent, now, exclude: -1);
    }

    public void ReturnToQueue(int index)
    {
        var call = calls[index];
        call.Agent = -1;
        call.PreferredAgent = -1;
        AddWaiting(index, call.Queue); // the same key: the call keeps its place in line
        MarkDirty(call.Queue);
    }

    /// <summary>With wrap-up, the leg is reported when that work ends; without, now.</summary>
    public void EndCall(AgentSeat agent, WaitingLine queue, Guid callId, DateTimeOffset queuedAt, DateTimeOffset answeredAt, double talk,
        double hold, string endedBy, string? disposition, DateTimeOffset now)
    {
        if (queue.WrapUp > TimeSpan.Zero)
        {
            agent.WrapUpEndsAt = now + queue.WrapUp;
            agent.WrapUpRestored = false;
            agent.WrapUp = new WrapUpLeg(callId, queue.TenantId, queue.Id, queuedAt, now)
            {
                AnsweredAt = answeredAt, TalkSeconds = talk, HoldSeconds = hold, EndedBy = endedBy, Disposition = disposition,
            };
            SetState(agent, AgentState.AfterCallWork, null, now);
            deadlines.WrapUps.Add(agent.Index);
        }
        else
        {
            LegEnded(queue, callId, queue.TenantId, queue.Id, agent.Id, queuedAt, answeredAt, now, endedBy, talk, hold, 0,
                disposition);
            BecomeAvailable(agent, now);
        }
    }

    /// <summary>At its deadline or by a state change: the work lasts until the agent leaves after-call work.</summary>
    public void EndWrapUp(AgentSeat agent, DateTimeOffset now)
    {
        deadlines.WrapUps.Remove(agent.Index);
        if (agent.WrapUp is not { } leg)
            return;
        agent.WrapUp = null;
        var ended = agent.WrapUpRestored && agent.WrapUpEndsAt < now ? agent.WrapUpEndsAt : now;
        if (ended < leg.StartedAt)
            ended = leg.StartedAt;
        var seconds = (ended - leg.StartedAt).TotalSeconds;
        events.CallWrapUpEnded(leg.CallId, leg.TenantId, leg.QueueId, leg.QueuedAt, agent.Id, leg.StartedAt, ended, seconds);
        if (leg is { AnsweredAt: { } answeredAt, EndedBy: { } endedBy })
            LegEnded(queues.GetValueOrDefault(leg.QueueId), leg.CallId, leg.TenantId, leg.QueueId, agent.Id, leg.QueuedAt, answeredAt,
                leg.StartedAt, endedBy, leg.TalkSeconds, leg.HoldSeconds, seconds, leg.Disposition);
    }

    private void LegEnded(WaitingLine? queue, Guid callId, string tenantId, string queueId, string agentId, DateTimeOffset queuedAt,
        DateTimeOffset answeredAt, DateTimeOffset endedAt, string endedBy, double talk, double hold, double wrapUp, string? disposition)
    {
        if (queue is not null)
        {
            queue.EndedLegs++;
            queue.HandleSeconds += HandleTime.Of(talk, hold, wrapUp);
        }
        events.CallLegEnded(callId, tenantId, queueId, agentId, queuedAt, answeredAt, endedAt, endedBy, talk, hold, wrapUp, disposition);
    }

    /// <summary>No after-call work: the agent's room comes back at once.</summary>
    public void ContactEnded(AgentSeat agent, LiveCall call, double talk, string? disposition, DateTimeOffset now)
    {
        var queue = call.Queue;
        events.CallLegEnded(call.Id, queue.TenantId, queue.Id, agent.Id, call.QueuedAt, call.AnsweredAt, now, CallLegEnd.Completed, talk, 0, 0,
            disposition, call.Kind.Name());
    }

    public void BecomeAvailable(AgentSeat agent, DateTimeOffset now)
    {
        agent.IdleSince = now;
        SetState(agent, AgentState.Available, null, now);
        TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>The one place an agent's state changes.</summary>
    public void SetState(AgentSeat agent, AgentState state, string? reason, DateTimeOffset now)
    {
        if (agent.State == state && agent.Reason == reason) return;
        if (agent.PendingPool is { } pending && state is not (AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork))
            MoveToPool(agent, pending);
        var pool = agent.Pool;
        pool.StateCounts[(int)agent.State]--;
        pool.StateCounts[(int)state]++;
        agent.State = state;
        agent.Reason = reason;
        agent.Since = now;
        Sync(agent);
        events.AgentStateChanged(agent.Id, pool.TenantIds, state, reason, agent.Call >= 0 ? calls[agent.Call].Id : null, now);
        foreach (var queue in pool.HomeQueues)
            MarkDirty(queue);
    }

    public void SetStateSilently(AgentSeat agent, AgentState state, string? reason, DateTimeOffset since)
    {
        var pool = agent.Pool;
        pool.StateCounts[(int)agent.State]--;
        agent.State = state;
        agent.Reason = reason;
        agent.Since = since;
        agent.IdleSince = since;
        pool.StateCounts[(int)state]++;
        Sync(agent);
        foreach (var queue in pool.HomeQueues) MarkDirty(queue);
    }

    public void MoveToPool(AgentSeat agent, AgentPool pool)
    {
        var old = agent.Pool;
        var available = agent.InVoiceLine;
        if (available) old.RemoveAvailable(agent.Index);
        for (var k = 1; k < ContactKindNames.Count; k++)
            old.RemoveForKind((ContactKind)k, agent.Index);
        old.StateCounts[(int)agent.State]--;
        old.Members.Remove(agent);
        foreach (var queue in old.HomeQueues) MarkDirty(queue);
        agent.Pool = pool;
        agent.PendingPool = null;
        pool.Members.Add(agent);
        pool.StateCounts[(int)agent.State]++;
        if (available) pool.AddAvailable(agent.Index);
        Sync(agent);
        foreach (var queue in pool.HomeQueues) MarkDirty(queue);
    }

    public void RunTimers(WaitingLine queue, DateTimeOffset now)
    {
        foreach (var lane in queue.Lanes)
        {
            if (lane is not { Count: > 0 }) continue;
            for (var t = 0; t + 1 < queue.Tiers; t++)
            {
                while (lane.Arrival[t].Peek() is var c and >= 0 && now - calls[c].EnteredAt >= queue.TierAfter[t + 1])
                {
                    RemoveWaiting(c);
                    calls[c].Tier = t + 1;
                    AddWaiting(c, queue);
                    TryMatchCall(c, now);
                }
            }
            foreach (var (after, toQueue, reason) in queue.Moves)
            {
                for (var t = 0; t < queue.Tiers; t++)
                {
                    while (lane.Arrival[t].Peek() is var c and >= 0 && now - calls[c].EnteredAt >= after)
                    {
                        RemoveWaiting(c);
                        OverflowOrReject(c, queue, toQueue, reason, now, hops: 0);
                    }
                }
            }
        }
    }

    public void MarkDirty(WaitingLine queue)
    {
        if (queue.Dirty) return;
        queue.Dirty = true;
        _dirty.Add(queue);
    }

    public void ForgetDirty(WaitingLine queue) => _dirty.Remove(queue);

    public IReadOnlyList<string> DrainDirtyQueues()
    {
        var drained = new string[_dirty.Count];
        for (var i = 0; i < _dirty.Count; i++)
        {
            drained[i] = _dirty[i].Id;
            _dirty[i].Dirty = false;
        }
        _dirty.Clear();
        return drained;
    }
}
