using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>A blind transfer the telephony edge could not carry out: the caller never left the first agent's phone.</summary>
internal sealed class FailedTransfer(RoutingEngine engine)
{
    private CallTable Calls => engine.Calls;
    private CallDistributor Distributor => engine.Distributor;
    private RoutingEvents Events => engine.Events;

    public RoutingOutcome Fail(Guid callId, string? reason, DateTimeOffset now)
    {
        if (!Calls.TryFind(callId, out var index)) return RoutingOutcome.UnknownCall;
        var call = Calls[index];
        if (call.TransferredBy < 0)
            return call.State == CallState.OnCall && call.ReturnedFromTransfer ? RoutingOutcome.Ok : RoutingOutcome.InvalidState;
        if (call.State is not (CallState.Waiting or CallState.Offered)) return RoutingOutcome.InvalidState;
        var agent = engine.Roster[call.TransferredBy];
        if (agent.State is AgentState.LoggedOut or AgentState.OnCall || agent.Consult >= 0 ||
            (agent.Call >= 0 && Calls[agent.Call].State != CallState.Offered))
            return RoutingOutcome.Unavailable;

        AgentSeat? colleague = null;
        if (call.State == CallState.Offered)
        {
            colleague = engine.Roster[call.Agent];
            Withdraw(colleague, index, now);
        }
        else
            Distributor.RemoveWaiting(index);
        var displaced = -1;
        if (agent.Call >= 0)
        {
            displaced = agent.Call;
            Withdraw(agent, displaced, now);
            Distributor.ReturnToQueue(displaced);
        }
        if (agent.State == AgentState.AfterCallWork)
            Distributor.EndWrapUp(agent, now);

        Distributor.MarkDirty(call.Queue);
        var from = call.TransferredFrom ?? call.Queue;
        call.Queue = from;
        call.State = CallState.OnCall;
        call.Agent = agent.Index;
        call.PreferredAgent = -1;
        call.AnsweredAt = now;
        call.HoldSeconds = 0;
        call.HeldSince = null;
        call.TransferredBy = -1;
        call.ReturnedFromTransfer = true;
        agent.Call = index;
        agent.CallsToday++;
        agent.LastTransferFailed = call.Id;
        Events.CallTransferFailed(call.Id, from.TenantId, from.Id, agent.Id, reason, call.QueuedAt, call.TransferredAt, now);
        Events.CallAnswered(call.Id, from.TenantId, from.Id, agent.Id, call.QueuedAt, now);
        Distributor.MarkDirty(from);
        Distributor.SetState(agent, AgentState.OnCall, null, now);
        if (colleague is not null)
            Distributor.BecomeAvailable(colleague, now);
        if (displaced >= 0)
            Distributor.TryMatchCall(displaced, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>Not a miss: the agent did nothing wrong.</summary>
    private void Withdraw(AgentSeat agent, int index, DateTimeOffset now)
    {
        var call = Calls[index];
        engine.Deadlines.Offers.Remove(agent.Index);
        Events.CallOfferReturned(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, OfferReturn.Withdrawn, call.QueuedAt, call.OfferedAt, now);
        agent.Call = -1;
        call.Agent = -1;
    }
}
