using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

internal sealed class CentreChanges(RoutingEngine engine)
{
    private CallDistributor Distributor => engine.Distributor;

    /// <summary>Waiting calls keep their place, at the tier their wait reaches under the new rules.</summary>
    public void AddOrUpdateQueue(QueueConfiguration definition, DateTimeOffset now)
    {
        var (lines, byId, calls) = (engine.Lines, engine.LineById, engine.Calls);
        if (!byId.TryGetValue(definition.Id, out var old))
        {
            var added = new WaitingLine(lines.Count, definition, engine.ZoneOf(definition.TenantId), calls, engine.CalendarOf(definition.TenantId));
            lines.Add(added);
            byId.Add(definition.Id, added);
            Relink(null, added);
            Distributor.MarkDirty(added);
            return;
        }
        var queue = new WaitingLine(old.Index, definition, engine.ZoneOf(definition.TenantId), calls, engine.CalendarOf(definition.TenantId)) { EndedLegs = old.EndedLegs, HandleSeconds = old.HandleSeconds };
        lines[old.Index] = queue;
        byId[definition.Id] = queue;
        if (old.Dirty)
            Distributor.ForgetDirty(old);
        Relink(old, queue);
        for (var i = 0; i < calls.SlotsUsed; i++)
        {
            var call = calls[i];
            if (call.State == CallState.Ended || call.Queue != old) continue;
            call.Queue = queue;
            // The old tier may not exist any more: a ringing offer that comes back waits at the tier of the new rules.
            call.Tier = call.PreferredAgent >= 0 ? 0 : queue.TierAfterWaiting(now - call.EnteredAt);
            if (call.State != CallState.Waiting) continue;
            if (call.PreferredAgent >= 0)
            {
                queue.WaitingCount++; // waits for its agent by name, outside the heaps
                continue;
            }
            Distributor.AddWaiting(i, queue);
        }
        Distributor.MarkDirty(queue);
        var available = new HashSet<AgentSeat>();
        for (var t = 0; t < queue.Tiers; t++)
            foreach (var pool in queue.TierPools[t])
            {
                foreach (var agent in pool.ByIdle.Items)
                    available.Add(engine.Roster[agent]);
                for (var k = 1; k < ContactKindNames.Count; k++)
                    if (pool.ForKind((ContactKind)k, RoutingStrategy.LongestIdle) is { } room)
                        foreach (var agent in room.Items)
                            available.Add(engine.Roster[agent]);
            }
        foreach (var agent in available.OrderBy(a => a.IdleSince).ThenBy(a => a.Index))
            Distributor.TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>An agent on a call (ringing, connected, wrap-up) changes skills before its next offer.</summary>
    public void AddOrUpdateAgent(RoutingAgent definition, DateTimeOffset now)
    {
        var roster = engine.Roster;
        var pool = roster.PoolFor(definition, out var created);
        if (created)
        {
            foreach (var queue in engine.Lines)
                queue.LinkPool(pool, engine.LineById);
            pool.UpdateTenants();
        }
        if (!roster.TryFind(definition.Id, out var agent))
        {
            roster.Add(definition.Id, pool).SetCapacity(definition);
            return;
        }
        Distributor.ChangeCapacity(agent, definition, now);
        agent.PendingPool = null;
        if (agent.Pool == pool)
            return;
        if (agent.State is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork)
        {
            agent.PendingPool = pool;
            return;
        }
        Distributor.MoveToPool(agent, pool);
        // Supervisors' views group agents by the tenants they serve: report the agent under its new ones.
        engine.Events.AgentStateChanged(agent.Id, pool.TenantIds, agent.State, agent.Reason, null, now);
        Distributor.TryMatchAgent(agent, now, exclude: -1);
    }

    public void LinkAll()
    {
        foreach (var pool in engine.Roster.Pools)
        {
            pool.Links.Clear();
            pool.HomeQueues.Clear();
        }
        foreach (var queue in engine.Lines)
            queue.Link(engine.Roster.Pools, engine.LineById);
        foreach (var pool in engine.Roster.Pools)
            pool.UpdateTenants();
    }

    /// <summary>O(pools) per queue, never every queue by every pool.</summary>
    private void Relink(WaitingLine? old, WaitingLine queue)
    {
        var relinked = new List<WaitingLine> { queue };
        relinked.AddRange(engine.Lines.Where(q => q != queue && q.AlsoOffersTo(queue.Id)));
        var affected = new HashSet<AgentPool>();
        foreach (var line in relinked.Append(old).OfType<WaitingLine>())
        {
            foreach (var tierPools in line.TierPools)
                affected.UnionWith(tierPools); // a pool that loses the queue may serve other tenants now
            line.Unlink();
        }
        foreach (var line in relinked)
        {
            line.Link(engine.Roster.Pools, engine.LineById);
            foreach (var tierPools in line.TierPools)
                affected.UnionWith(tierPools);
        }
        foreach (var pool in affected)
            pool.UpdateTenants();
    }
}
