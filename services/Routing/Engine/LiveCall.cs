namespace CallCentre.Routing.Engine;

internal sealed class LiveCall
{
    public Guid Id;
    public string CallerHash = "";
    public int Priority;
    public DateTimeOffset QueuedAt;
    /// <summary>Escalation and maximum-wait timers count from here.</summary>
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
    public double HoldSeconds;
    public DateTimeOffset? HeldSince;
    public WaitingLine Queue = null!;
    public ContactKind Kind;
    /// <summary>Of a contact other than voice: its own offer timer (an agent may have several ringing).</summary>
    public DateTimeOffset OfferDeadline;
    /// <summary>Of a callback: dials made so far, whether the PBX is dialling now, and when it may be offered again.</summary>
    public int CallbackAttempts;
    public CallbackStage Callback;
    public DateTimeOffset RetryAt;
    public DateTimeOffset WindowEnd = DateTimeOffset.MaxValue;
    /// <summary>The colleague a consult rings, the queue consulted (null: the agent was named), whether the colleague answered.</summary>
    public int ConsultAgent = -1;
    public WaitingLine? ConsultQueue;
    public bool ConsultTalking;
    public DateTimeOffset ConsultStartedAt;
    /// <summary>Of a voice call transferred blind and not yet answered again: who transferred it, from where, when (-1: none).</summary>
    public int TransferredBy = -1;
    public WaitingLine? TransferredFrom;
    public DateTimeOffset TransferredAt;
    public bool ReturnedFromTransfer;
}
