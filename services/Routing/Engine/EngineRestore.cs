namespace CallCentre.Routing.Engine;

/// <summary>Not reported; after-call work ends at the next tick (at its deadline if that passed).</summary>
internal sealed class EngineRestore(RoutingEngine engine)
{
    public void Apply(IEnumerable<RestoredAgent> agents, IEnumerable<RestoredCall> calls, DateTimeOffset now)
    {
        var (roster, table, distributor) = (engine.Roster, engine.Calls, engine.Distributor);
        foreach (var saved in agents)
        {
            if (!roster.TryFind(saved.AgentId, out var agent)) continue;
            var state = saved.State is AgentState.Reserved or AgentState.OnCall ? AgentState.Available : saved.State;
            distributor.SetStateSilently(agent, state, saved.Reason, saved.Since);
            if (state == AgentState.AfterCallWork)
            {
                agent.WrapUpEndsAt = saved.WrapUpEndsAt is { } deadline && deadline < now ? deadline : now;
                agent.WrapUp = saved.WrapUp;
                agent.WrapUpRestored = true;
                engine.Deadlines.WrapUps.Add(agent.Index);
            }
        }
        var waiting = new List<int>();
        foreach (var saved in calls.OrderBy(c => c.QueuedAt))
        {
            if (!engine.LineById.TryGetValue(saved.QueueId, out var queue) || table.Contains(saved.CallId)) continue;
            var index = table.Allocate(saved.CallId);
            var call = table[index];
            call.CallerHash = saved.CallerHash;
            call.Priority = saved.Priority;
            call.QueuedAt = saved.QueuedAt;
            call.OrderKey = engine.OrderKey(saved.QueuedAt, saved.Priority);
            call.Queue = queue;
            call.EnteredAt = saved.QueuedAt;
            call.PreferredAgent = -1;
            call.Kind = saved.Kind;
            if (saved.Transfer is { } transfer && roster.TryFind(transfer.AgentId, out var transferrer) &&
                engine.LineById.TryGetValue(transfer.FromQueueId, out var transferredFrom))
                (call.TransferredBy, call.TransferredFrom, call.TransferredAt) = (transferrer.Index, transferredFrom, transfer.At);
            call.Callback = saved.Callback;
            call.CallbackAttempts = saved.CallbackAttempts;
            if (saved.CallbackWindowEnd is { } windowEnd && saved.Callback != CallbackStage.None)
            {
                call.WindowEnd = windowEnd;
                engine.Deadlines.CallbackWindowEnds.Add(index);
            }
            if (saved.Kind != ContactKind.Voice && saved.State == CallState.OnCall && saved.AgentId is { } holderId &&
                roster.TryFind(holderId, out var holder) && saved.AnsweredAt is { } contactAnsweredAt)
            {
                call.State = CallState.OnCall;
                call.Agent = holder.Index;
                call.AnsweredAt = contactAnsweredAt;
                holder.Contacts.Add(index);
                holder.Held[(int)saved.Kind]++;
                if (saved.Kind.IsDigital()) holder.DigitalHeld++;
                distributor.Sync(holder);
            }
            else if (saved.Kind == ContactKind.Voice && saved.State == CallState.OnCall && saved.AgentId is { } agentId &&
                     roster.TryFind(agentId, out var agent) && agent.Call < 0 && saved.AnsweredAt is { } answeredAt)
            {
                call.State = CallState.OnCall;
                call.Agent = agent.Index;
                call.AnsweredAt = answeredAt;
                call.HoldSeconds = saved.HoldSeconds;
                call.HeldSince = saved.HeldSince;
                agent.Call = index;
                distributor.SetStateSilently(agent, AgentState.OnCall, null, answeredAt);
                if (saved.Consult is { } consult && roster.TryFind(consult.AgentId, out var consulted) && consulted.Call < 0 && consulted.Consult < 0)
                    RestoreConsult(index, consulted, consult, now);
            }
            else if (saved.Callback != CallbackStage.None && saved.CallbackRetryAt is { } retryAt && retryAt > now)
            {
                call.Tier = 0;
                engine.Callbacks.Park(index, retryAt);
            }
            else
            {
                call.Tier = 0;
                if (call.Callback != CallbackStage.None) call.Callback = CallbackStage.Waiting;
                distributor.AddWaiting(index, queue);
                waiting.Add(index);
            }
            distributor.MarkDirty(queue);
        }
        foreach (var index in waiting)
            distributor.TryMatchCall(index, now);
    }

    /// <summary>A ringing consult rings again for a full offer time; a talking one goes on.</summary>
    private void RestoreConsult(int index, AgentSeat consulted, RestoredConsult consult, DateTimeOffset now)
    {
        var queue = consult.QueueId is { } id ? engine.LineById.GetValueOrDefault(id) : null;
        var call = engine.Calls[index];
        engine.Consults.Ring(index, consulted, queue, consult.StartedAt, now + (queue ?? call.Queue).OfferTimeout, restoring: true);
        if (!consult.Talking) return;
        engine.Deadlines.Offers.Remove(consulted.Index);
        call.ConsultTalking = true;
        engine.Distributor.SetStateSilently(consulted, AgentState.OnCall, null, consult.StartedAt);
    }
}
