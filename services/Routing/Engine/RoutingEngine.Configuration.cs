namespace CallCentre.Routing.Engine;

/// <summary>Queues and agents created or changed while the engine runs (the admin API, through the routing loop).</summary>
public sealed partial class RoutingEngine
{
    /// <summary>Adds a queue, or replaces a queue's rules (O(teams + call slots); see the routing-admin benchmark). A new queue takes calls at once. A replaced queue keeps its waiting
    /// calls in their place in line (each at the escalation tier its time in the queue reaches under the new rules), and
    /// its calls ringing or connected go on; the new rules decide every offer from now on, and the agents the new skills
    /// make eligible are offered its waiting calls at once.</summary>
    public void AddOrUpdateQueue(RoutingQueue definition, DateTimeOffset now)
    {
        if (!_queueById.TryGetValue(definition.Id, out var old))
        {
            var added = new QueueSlot(_queues.Count, definition, this);
            _queues.Add(added);
            _queueById.Add(definition.Id, added);
            RelinkQueue(null, added);
            MarkDirty(added);
            return;
        }
        var queue = new QueueSlot(old.Index, definition, this) { EndedLegs = old.EndedLegs, HandleSeconds = old.HandleSeconds };
        _queues[old.Index] = queue;
        _queueById[definition.Id] = queue;
        if (old.Dirty)
            _dirty.Remove(old);
        RelinkQueue(old, queue);
        for (var i = 0; i < _callSlotsUsed; i++)
        {
            var call = _calls[i];
            if (call.State == CallState.Ended || call.Queue != old) continue;
            call.Queue = queue;
            // The tier its time in the queue reaches under the new rules (the old tier may not exist any more): a ringing
            // offer that comes back waits there.
            var tier = 0;
            while (tier + 1 < queue.Tiers && now - call.EnteredAt >= queue.TierAfter[tier + 1]) tier++;
            call.Tier = call.PreferredAgent >= 0 ? 0 : tier;
            if (call.State != CallState.Waiting) continue;
            if (call.PreferredAgent >= 0)
            {
                queue.WaitingCount++; // waits for its agent by name, outside the heaps
                continue;
            }
            AddWaiting(i, queue);
        }
        MarkDirty(queue);
        var available = new List<AgentSlot>();
        for (var t = 0; t < queue.Tiers; t++)
            foreach (var team in queue.TierTeams[t])
                foreach (var agent in team.ByIdle.Items)
                    available.Add(_agents[agent]);
        foreach (var agent in available.OrderBy(a => a.IdleSince).ThenBy(a => a.Index))
            TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>Adds an agent (logged out), or changes an agent's skills. The change takes effect at once unless the agent is
    /// on a call (ringing, connected or in wrap-up): then as soon as it is done with it, before its next offer.</summary>
    public void AddOrUpdateAgent(RoutingAgent definition, DateTimeOffset now)
    {
        var teams = _teams.Count;
        var team = TeamFor(definition);
        if (_teams.Count != teams)
        {
            foreach (var queue in _queues)
                queue.LinkTeam(team, _queueById);
            UpdateTenants(team);
        }
        if (!_agentById.TryGetValue(definition.Id, out var agent))
        {
            agent = new AgentSlot(_agents.Count, definition.Id, team);
            team.Members.Add(agent);
            team.StateCounts[(int)AgentState.LoggedOut]++;
            _agents.Add(agent);
            _agentById.Add(definition.Id, agent);
            return;
        }
        agent.PendingTeam = null;
        if (agent.Team == team)
            return;
        if (agent.State is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork)
        {
            agent.PendingTeam = team;
            return;
        }
        MoveToTeam(agent, team);
        // Supervisors' views group agents by the tenants they serve: report the agent under its new ones.
        _events.AgentStateChanged(agent.Id, team.TenantIds, agent.State, agent.Reason, null, now);
        TryMatchAgent(agent, now, exclude: -1);
    }

    /// <summary>The skills routing uses for the agent now (the previous ones while a change waits for its call to end),
    /// or null if the engine has no such agent.</summary>
    public IReadOnlyDictionary<string, int>? SkillsOf(string agentId) =>
        _agentById.TryGetValue(agentId, out var agent) ? agent.Team.Skills : null;

    private Team TeamFor(RoutingAgent agent)
    {
        var profile = string.Join(',', agent.Skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}"));
        if (_teamByProfile.TryGetValue(profile, out var team))
            return team;
        team = new Team(_teams.Count, agent, this);
        _teams.Add(team);
        _teamByProfile.Add(profile, team);
        return team;
    }

    /// <summary>Moves an agent who holds no call to another team, keeping its state (and its place if available).</summary>
    private void MoveToTeam(AgentSlot agent, Team team)
    {
        var old = agent.Team;
        var available = agent.State == AgentState.Available;
        if (available) old.RemoveAvailable(agent.Index);
        old.StateCounts[(int)agent.State]--;
        old.Members.Remove(agent);
        foreach (var queue in old.HomeQueues) MarkDirty(queue);
        agent.Team = team;
        agent.PendingTeam = null;
        team.Members.Add(agent);
        team.StateCounts[(int)agent.State]++;
        if (available) team.AddAvailable(agent.Index);
        foreach (var queue in team.HomeQueues) MarkDirty(queue);
    }

    /// <summary>Links a new or replaced queue to the teams that may serve it, and relinks the queues whose escalation offers
    /// their calls to its agents (that depends on its skills): O(teams) per queue, never every queue by every team.</summary>
    private void RelinkQueue(QueueSlot? old, QueueSlot queue)
    {
        var relinked = new List<QueueSlot> { queue };
        relinked.AddRange(_queues.Where(q => q != queue && q.AlsoOffersTo(queue.Definition.Id)));
        var affected = new HashSet<Team>();
        foreach (var slot in relinked.Append(old).OfType<QueueSlot>())
        {
            foreach (var tierTeams in slot.TierTeams)
                affected.UnionWith(tierTeams); // a team that loses the queue may serve other tenants now
            slot.Unlink();
        }
        foreach (var slot in relinked)
        {
            slot.Link(_teams, _queueById);
            foreach (var tierTeams in slot.TierTeams)
                affected.UnionWith(tierTeams);
        }
        foreach (var team in affected)
            UpdateTenants(team);
    }

    private static void UpdateTenants(Team team) =>
        team.TenantIds = team.Links.Select(l => l.Queue.Definition.TenantId).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Works out which teams serve which queues from which tier, from scratch (at construction).</summary>
    private void Relink()
    {
        foreach (var team in _teams)
        {
            team.Links.Clear();
            team.HomeQueues.Clear();
        }
        foreach (var queue in _queues)
            queue.Link(_teams, _queueById);
        foreach (var team in _teams)
            UpdateTenants(team);
    }
}
