namespace CallCentre.Routing.Engine;

/// <summary>One kind's waiting contacts in a queue: per escalation tier, in line order and in order of entry.</summary>
internal sealed class WaitingLane
{
    public WaitingLane(int tiers, CallTable calls)
    {
        Waiting = new IndexedHeap[tiers];
        Arrival = new IndexedHeap[tiers];
        for (var t = 0; t < tiers; t++)
        {
            Waiting[t] = new IndexedHeap(new CallInLine(calls));
            Arrival[t] = new IndexedHeap(new CallByEntry(calls));
        }
    }

    public readonly IndexedHeap[] Waiting;
    public readonly IndexedHeap[] Arrival;
    public int Count;
}
