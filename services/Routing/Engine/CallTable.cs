namespace CallCentre.Routing.Engine;

/// <summary>Slots reused through a free list: no allocation in steady state.</summary>
internal sealed class CallTable
{
    private LiveCall[] _slots = new LiveCall[64];
    private readonly Stack<int> _free = new();
    private readonly Dictionary<Guid, int> _byId = new();
    private long _sequence;

    public LiveCall this[int index] => _slots[index];
    /// <summary>Live calls are among the first this many (some of them ended).</summary>
    public int SlotsUsed { get; private set; }
    public int Count => _byId.Count;
    public bool Contains(Guid callId) => _byId.ContainsKey(callId);
    public bool TryFind(Guid callId, out int index) => _byId.TryGetValue(callId, out index);

    public int Allocate(Guid callId)
    {
        if (!_free.TryPop(out var index))
        {
            if (SlotsUsed == _slots.Length)
                Array.Resize(ref _slots, _slots.Length * 2);
            _slots[SlotsUsed] = new LiveCall();
            index = SlotsUsed++;
        }
        var call = _slots[index];
        call.Id = callId;
        call.Sequence = ++_sequence;
        _byId.Add(callId, index);
        return index;
    }

    public void Free(int index)
    {
        var call = _slots[index];
        _byId.Remove(call.Id);
        call.State = CallState.Ended;
        call.Agent = -1;
        call.PreferredAgent = -1;
        call.TransferredBy = -1;
        call.ReturnedFromTransfer = false;
        call.CallbackAttempts = 0;
        call.Callback = CallbackStage.None;
        call.WindowEnd = DateTimeOffset.MaxValue;
        _free.Push(index);
    }

    /// <summary>The ageing key, then the first arrival, then first come.</summary>
    public bool Before(int a, int b)
    {
        var x = _slots[a];
        var y = _slots[b];
        if (x.OrderKey != y.OrderKey) return x.OrderKey < y.OrderKey;
        if (x.QueuedAt != y.QueuedAt) return x.QueuedAt < y.QueuedAt;
        return x.Sequence < y.Sequence;
    }
}
