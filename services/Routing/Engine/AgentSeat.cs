namespace CallCentre.Routing.Engine;

internal sealed class AgentSeat(int index, string id, AgentPool pool)
{
    public readonly int Index = index;
    public readonly string Id = id;
    /// <summary>An administrator's change moves it to another pool (see <see cref="PendingPool"/>).</summary>
    public AgentPool Pool = pool;
    public AgentPool? PendingPool;
    public AgentState State = AgentState.LoggedOut;
    public string? Reason;
    public DateTimeOffset Since;
    public DateTimeOffset IdleSince;
    public DateTimeOffset OfferDeadline;
    public DateTimeOffset WrapUpEndsAt;
    /// <summary>Null outside after-call work, or for a restored wrap-up whose leg was not kept.</summary>
    public WrapUpLeg? WrapUp;
    public int Call = -1;
    public int Missed;
    public long LastOfferSequence;
    public int CallsToday;
    public double TalkToday;
    public readonly List<int> PreferredCalls = [];
}
