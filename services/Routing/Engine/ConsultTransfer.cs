using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>The caller on hold while the agent talks to a colleague, who may then take the call (docs/routing.md, Consult transfer).</summary>
internal sealed class ConsultTransfer(RoutingEngine engine)
{
    private CallTable Calls => engine.Calls;
    private CallDistributor Distributor => engine.Distributor;
    private RoutingEvents Events => engine.Events;

    public RoutingOutcome Start(AgentSeat agent, int index, string? toQueueId, string? toAgentId, DateTimeOffset now)
    {
        var call = Calls[index];
        if (call.State != CallState.OnCall || call.Kind != ContactKind.Voice || call.ConsultAgent >= 0) return RoutingOutcome.InvalidState;
        WaitingLine? consulted = null;
        AgentSeat target;
        if (toAgentId is not null)
        {
            if (toAgentId == agent.Id || !engine.Roster.TryFind(toAgentId, out target!) || !target.Pool.IsEligibleFor(call.Queue) || !target.TakesVoice)
                return RoutingOutcome.UnknownAgent;
            if (!target.InVoiceLine) return RoutingOutcome.Unavailable;
        }
        else
        {
            if (toQueueId is null || !engine.LineById.TryGetValue(toQueueId, out consulted) || consulted.TenantId != call.Queue.TenantId)
                return RoutingOutcome.UnknownQueue;
            var best = Distributor.BestAvailable(consulted, int.MaxValue);
            if (best < 0) return RoutingOutcome.Unavailable;
            target = engine.Roster[best];
        }
        if (call.HeldSince is null)
        {
            call.HeldSince = now;
            Events.CallHeld(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.HoldSeconds, now);
        }
        agent.LastConsultOutcome = null;
        Ring(index, target, consulted, now, now + (consulted ?? call.Queue).OfferTimeout);
        Events.CallConsultStarted(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, target.Id, consulted?.Id, now);
        return RoutingOutcome.Ok;
    }

    public void Ring(int index, AgentSeat target, WaitingLine? consulted, DateTimeOffset startedAt, DateTimeOffset deadline, bool restoring = false)
    {
        var call = Calls[index];
        call.ConsultAgent = target.Index;
        call.ConsultQueue = consulted;
        call.ConsultTalking = false;
        call.ConsultStartedAt = startedAt;
        target.Consult = index;
        target.OfferDeadline = deadline;
        if (restoring)
            Distributor.SetStateSilently(target, AgentState.Reserved, null, startedAt);
        else
            Distributor.SetState(target, AgentState.Reserved, null, startedAt);
        engine.Deadlines.Offers.Add(target.Index);
    }

    public RoutingOutcome Answer(AgentSeat target, DateTimeOffset now)
    {
        var call = Calls[target.Consult];
        if (call.ConsultTalking) return RoutingOutcome.InvalidState;
        engine.Deadlines.Offers.Remove(target.Index);
        call.ConsultTalking = true;
        Distributor.SetState(target, AgentState.OnCall, null, now);
        Events.CallConsultAnswered(call.Id, call.Queue.TenantId, call.Queue.Id, engine.Roster[call.Agent].Id, target.Id, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The consulted agent's decline while ringing, or leaving once talking; the caller stays on hold for the first agent.</summary>
    public RoutingOutcome Refuse(AgentSeat target, DateTimeOffset now) =>
        End(target.Consult, Calls[target.Consult].ConsultTalking ? ConsultOutcome.Left : ConsultOutcome.Declined, now);

    public RoutingOutcome Cancel(int index, DateTimeOffset now)
    {
        var call = Calls[index];
        if (call.ConsultAgent < 0) return RoutingOutcome.InvalidState;
        End(index, ConsultOutcome.Cancelled, now);
        if (call.HeldSince is { } since)
        {
            call.HoldSeconds += Math.Max(0, (now - since).TotalSeconds);
            call.HeldSince = null;
            Events.CallResumed(call.Id, call.Queue.TenantId, call.Queue.Id, engine.Roster[call.Agent].Id, call.HoldSeconds, now);
        }
        return RoutingOutcome.Ok;
    }

    public RoutingOutcome End(int index, string outcome, DateTimeOffset now)
    {
        var call = Calls[index];
        var target = engine.Roster[call.ConsultAgent];
        var agent = engine.Roster[call.Agent];
        agent.LastConsultOutcome = outcome;
        Events.CallConsultEnded(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, target.Id, outcome, call.ConsultStartedAt, now);
        Unlink(call, target);
        Distributor.BecomeAvailable(target, now);
        return RoutingOutcome.Ok;
    }

    private void Unlink(LiveCall call, AgentSeat target)
    {
        engine.Deadlines.Offers.Remove(target.Index);
        target.Consult = -1;
        call.ConsultAgent = -1;
        call.ConsultQueue = null;
        call.ConsultTalking = false;
    }

    /// <summary>The first agent's leg ends as transferred (the consult counted as hold) and goes to after-call work; the call is
    /// the consulted agent's connected call from now, in the queue consulted if it was a queue.</summary>
    public RoutingOutcome Complete(AgentSeat agent, int index, DateTimeOffset now)
    {
        var call = Calls[index];
        if (call.ConsultAgent < 0 || !call.ConsultTalking) return RoutingOutcome.InvalidState;
        var target = engine.Roster[call.ConsultAgent];
        var from = call.Queue;
        var to = call.ConsultQueue ?? from;
        agent.LastConsultOutcome = ConsultOutcome.Completed;
        Events.CallConsultEnded(call.Id, from.TenantId, from.Id, agent.Id, target.Id, ConsultOutcome.Completed, call.ConsultStartedAt, now);
        Unlink(call, target);
        var (talk, hold) = RoutingEngine.EndLeg(call, now);
        agent.TalkToday += talk;
        Events.CallTransferred(call.Id, from.TenantId, from.Id, to.Id, agent.Id, call.QueuedAt, now, hold, from.WrapUp.TotalSeconds);
        Distributor.MarkDirty(from);
        Distributor.MarkDirty(to);
        var (legCallId, legQueuedAt, legAnsweredAt) = (call.Id, call.QueuedAt, call.AnsweredAt);
        agent.Call = -1;
        call.Queue = to;
        call.Agent = target.Index;
        call.AnsweredAt = now;
        call.OfferedAt = now;
        target.Call = index;
        target.Missed = 0;
        target.CallsToday++;
        Events.CallOffered(call.Id, to.TenantId, to.Id, target.Id, call.QueuedAt, now);
        Events.CallAnswered(call.Id, to.TenantId, to.Id, target.Id, call.QueuedAt, now);
        target.Since = now;
        Events.AgentStateChanged(target.Id, target.Pool.TenantIds, AgentState.OnCall, null, call.Id, now);
        Distributor.EndCall(agent, from, legCallId, legQueuedAt, legAnsweredAt, talk, hold, CallLegEnd.Transferred, null, now);
        return RoutingOutcome.Ok;
    }
}
