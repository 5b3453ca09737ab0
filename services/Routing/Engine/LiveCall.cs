namespace CallCentre.Routing.Engine;

/// <summary>One live call: where it waits or who has it, and its place in line. Reused from <see cref="CallTable"/>'s free list.</summary>
internal sealed class LiveCall
{
    public Guid Id;
    public string CallerHash = "";
    public int Priority;
    public DateTimeOffset QueuedAt;
    /// <summary>When the call entered its current queue: escalation and maximum-wait timers count from here.</summary>
    public DateTimeOffset EnteredAt;
    public long OrderKey;
    public long Sequence;
    public CallState State;
    public int Tier;
    public int Agent = -1;
    public int PreferredAgent = -1;
    public DateTimeOffset PreferredUntil;
    public DateTimeOffset OfferedAt;
    public DateTimeOffset AnsweredAt;
    /// <summary>The hold of the current leg (since <see cref="AnsweredAt"/>) that has ended, in seconds.</summary>
    public double HoldSeconds;
    public DateTimeOffset? HeldSince;
    public WaitingLine Queue = null!;
}
