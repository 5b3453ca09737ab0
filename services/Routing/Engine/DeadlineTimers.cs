namespace CallCentre.Routing.Engine;

/// <summary>What <see cref="RoutingEngine.Tick"/> ends when its time comes: ringing offers, after-call work, and waits for a
/// preferred agent, each in a heap by deadline.</summary>
internal sealed class DeadlineTimers(CallTable calls, AgentRoster agents)
{
    public readonly IndexedHeap Offers = new(new AgentByOfferDeadline(agents));
    public readonly IndexedHeap WrapUps = new(new AgentByWrapUpEnd(agents));
    public readonly IndexedHeap PreferredAgents = new(new CallByPreferredDeadline(calls));
}
