namespace CallCentre.Routing.Engine;

internal sealed class DeadlineTimers(CallTable calls, AgentRoster agents)
{
    public readonly IndexedHeap Offers = new(new AgentByOfferDeadline(agents));
    public readonly IndexedHeap WrapUps = new(new AgentByWrapUpEnd(agents));
    public readonly IndexedHeap PreferredAgents = new(new CallByPreferredDeadline(calls));
    public readonly IndexedHeap ContactOffers = new(new CallByOfferDeadline(calls));
    public readonly IndexedHeap CallbackRetries = new(new CallByRetryTime(calls));
    public readonly IndexedHeap CallbackWindowEnds = new(new CallByWindowEnd(calls));
}
