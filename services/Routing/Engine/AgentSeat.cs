namespace CallCentre.Routing.Engine;

/// <summary>One agent in the ACD: state, the call offered or connected, the after-call work under way, and the counters the
/// routing strategies order by.</summary>
internal sealed class AgentSeat(int index, string id, AgentPool pool)
{
    public readonly int Index = index;
    public readonly string Id = id;
    /// <summary>The agent's skill profile; an administrator's change moves it to another pool (see <see cref="PendingPool"/>).</summary>
    public AgentPool Pool = pool;
    public AgentPool? PendingPool;
    public AgentState State = AgentState.LoggedOut;
    public string? Reason;
    public DateTimeOffset Since;
    public DateTimeOffset IdleSince;
    public DateTimeOffset OfferDeadline;
    public DateTimeOffset WrapUpEndsAt;
    /// <summary>The leg the agent's after-call work follows; null outside after-call work, or when the engine does not know
    /// it (a restored wrap-up whose leg was not kept).</summary>
    public WrapUpLeg? WrapUp;
    public int Call = -1;
    public int Missed;
    public long LastOfferSequence;
    public int CallsToday;
    public double TalkToday;
    public readonly List<int> PreferredCalls = [];
}
