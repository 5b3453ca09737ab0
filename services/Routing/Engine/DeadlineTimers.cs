namespace CallCentre.Routing.Engine;

/// <summary>What <see cref="RoutingEngine.Tick"/> ends when its time comes: ringing offers, after-call work, and waits for a
/// preferred agent, each in a heap by deadline.</summary>
internal sealed class DeadlineTimers(CallTable calls, AgentRoster agents)
{
    /// <summary>Agents whose offer rings, by <see cref="AgentSeat.OfferDeadline"/>.</summary>
    public readonly IndexedHeap Offers = new(new AgentByOfferDeadline(agents));
    /// <summary>Agents in after-call work, by <see cref="AgentSeat.WrapUpEndsAt"/>.</summary>
    public readonly IndexedHeap WrapUps = new(new AgentByWrapUpEnd(agents));
    /// <summary>Calls waiting for their preferred agent, by <see cref="LiveCall.PreferredUntil"/>.</summary>
    public readonly IndexedHeap PreferredAgents = new(new CallByPreferredDeadline(calls));
}
