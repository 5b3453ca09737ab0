namespace CallCentre.Routing.Engine;

internal sealed class CallInLine(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b) => calls.Before(a, b);
}

internal sealed class CallByEntry(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b)
    {
        var x = calls[a];
        var y = calls[b];
        return x.EnteredAt != y.EnteredAt ? x.EnteredAt < y.EnteredAt : x.Sequence < y.Sequence;
    }
}

internal sealed class CallByPreferredDeadline(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b) => calls[a].PreferredUntil < calls[b].PreferredUntil ||
                                                  (calls[a].PreferredUntil == calls[b].PreferredUntil && a < b);
}

internal sealed class CallByRetryTime(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b) => calls[a].RetryAt < calls[b].RetryAt || (calls[a].RetryAt == calls[b].RetryAt && a < b);
}

internal sealed class CallByWindowEnd(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b) => calls[a].WindowEnd < calls[b].WindowEnd || (calls[a].WindowEnd == calls[b].WindowEnd && a < b);
}

internal sealed class CallByOfferDeadline(CallTable calls) : HeapOrder
{
    public override bool Before(int a, int b) => calls[a].OfferDeadline < calls[b].OfferDeadline ||
                                                  (calls[a].OfferDeadline == calls[b].OfferDeadline && a < b);
}

/// <summary>The fewest contacts of the kind first, then the queue's strategy, on the keys frozen when the agent joined the heap.</summary>
internal sealed class AgentForKind(AgentRoster agents, int kind, RoutingStrategy strategy) : HeapOrder
{
    public override bool Before(int a, int b)
    {
        ref var x = ref agents[a].Places![kind];
        ref var y = ref agents[b].Places![kind];
        if (x.Load != y.Load) return x.Load < y.Load;
        switch (strategy)
        {
            case RoutingStrategy.RoundRobin:
                return x.LastOffer != y.LastOffer ? x.LastOffer < y.LastOffer : a < b;
            case RoutingStrategy.FewestCalls when x.CallsToday != y.CallsToday:
                return x.CallsToday < y.CallsToday;
            case RoutingStrategy.LeastTalkTime when x.TalkToday != y.TalkToday:
                return x.TalkToday < y.TalkToday;
        }
        return x.IdleSince != y.IdleSince ? x.IdleSince < y.IdleSince : a < b;
    }
}

internal abstract class AgentOrder(AgentRoster agents) : HeapOrder
{
    protected AgentSeat A(int i) => agents[i];
    protected static bool ByIdle(AgentSeat x, AgentSeat y) => x.IdleSince != y.IdleSince ? x.IdleSince < y.IdleSince : x.Index < y.Index;
}

internal sealed class AgentByIdle(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) => ByIdle(A(a), A(b));
}

internal sealed class AgentByLastOffer(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) =>
        A(a).LastOfferSequence != A(b).LastOfferSequence ? A(a).LastOfferSequence < A(b).LastOfferSequence : a < b;
}

internal sealed class AgentByCallsToday(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) => A(a).CallsToday != A(b).CallsToday ? A(a).CallsToday < A(b).CallsToday : ByIdle(A(a), A(b));
}

internal sealed class AgentByTalkToday(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) => A(a).TalkToday != A(b).TalkToday ? A(a).TalkToday < A(b).TalkToday : ByIdle(A(a), A(b));
}

internal sealed class AgentByOfferDeadline(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) => A(a).OfferDeadline != A(b).OfferDeadline ? A(a).OfferDeadline < A(b).OfferDeadline : a < b;
}

internal sealed class AgentByWrapUpEnd(AgentRoster agents) : AgentOrder(agents)
{
    public override bool Before(int a, int b) => A(a).WrapUpEndsAt != A(b).WrapUpEndsAt ? A(a).WrapUpEndsAt < A(b).WrapUpEndsAt : a < b;
}
