using CallCentre.Contracts.Routing;

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
    /// <summary>Restored from the store: the time Routing was down is not after-call work.</summary>
    public bool WrapUpRestored;
    /// <summary>Null outside after-call work, or for a restored wrap-up whose leg was not kept.</summary>
    public WrapUpLeg? WrapUp;
    public int Call = -1;
    /// <summary>The call a colleague consults this agent about (ringing while Reserved, talking while OnCall); -1: none.</summary>
    public int Consult = -1;
    public string? LastConsultOutcome;
    /// <summary>The call a failed transfer brought back to this agent, for the desk to say so.</summary>
    public Guid? LastTransferFailed;
    public int Missed;
    public long LastOfferSequence;
    public int CallsToday;
    public double TalkToday;
    public readonly List<int> PreferredCalls = [];
    /// <summary>Per <see cref="ContactKind"/>; null: one voice call and nothing else.</summary>
    public int[]? Capacity;
    public bool MixVoiceAndDigital;
    /// <summary>In the pool's voice heaps: available, and the phone not barred by other contacts.</summary>
    public bool InVoiceLine;
    /// <summary>Contacts other than the voice call (<see cref="Call"/>), offered or connected, and their count per kind.</summary>
    public readonly List<int> Contacts = [];
    public readonly int[] Held = new int[ContactKindNames.Count];
    public int DigitalHeld;
    public DateTimeOffset ContactIdleSince;
    public long LastContactSequence;
    /// <summary>The keys a kind heap orders the agent by, frozen while it is in that heap.</summary>
    public KindPlace[]? Places;

    /// <summary>True when it changed.</summary>
    public bool SetCapacity(RoutingAgent definition)
    {
        int[]? capacity = null;
        if (definition.Capacity is { } named && !(named.Count == 1 && named.GetValueOrDefault(ContactKinds.Voice) == 1))
        {
            capacity = new int[ContactKindNames.Count];
            foreach (var (name, count) in named)
                if (ContactKindNames.TryParse(name, out var kind))
                    capacity[(int)kind] = Math.Max(0, count);
            capacity[0] = Math.Min(capacity[0], 1);
            capacity[(int)ContactKind.Callback] = Math.Min(capacity[(int)ContactKind.Callback], 1); // one phone
        }
        var changed = MixVoiceAndDigital != definition.MixVoiceAndDigital ||
                      (Capacity is null ? capacity is not null : capacity is null || !Capacity.AsSpan().SequenceEqual(capacity));
        Capacity = capacity;
        MixVoiceAndDigital = definition.MixVoiceAndDigital;
        return changed;
    }

    public bool TakesVoice => Capacity is null || Capacity[0] > 0;

    public bool VoiceOpen => State == AgentState.Available && TakesVoice && Held[(int)ContactKind.Callback] == 0 &&
                             (DigitalHeld == 0 || MixVoiceAndDigital);

    public bool OpenFor(ContactKind kind)
    {
        var k = (int)kind;
        if (Capacity is null || Held[k] >= Capacity[k]) return false;
        if (kind == ContactKind.Callback)
            return State == AgentState.Available && (DigitalHeld == 0 || MixVoiceAndDigital);
        var onPhone = State is AgentState.Reserved or AgentState.OnCall or AgentState.AfterCallWork || Held[(int)ContactKind.Callback] > 0;
        return onPhone ? MixVoiceAndDigital && State is not (AgentState.NotReady or AgentState.LoggedOut) : State == AgentState.Available;
    }
}

internal struct KindPlace
{
    public int Load;
    public DateTimeOffset IdleSince;
    public long LastOffer;
    public int CallsToday;
    public double TalkToday;
}
