namespace CallCentre.Routing.Engine;

internal abstract class HeapOrder
{
    public abstract bool Before(int a, int b);
}

/// <summary>Any id can be removed or re-keyed in O(log n); arrays are reused: no allocation in steady state.</summary>
internal sealed class IndexedHeap(HeapOrder order, int capacity = 16)
{
    private int[] _heap = new int[Math.Max(4, capacity)];
    private int[] _position = Filled(Math.Max(4, capacity));
    private int _count;

    public int Count => _count;
    public bool Contains(int id) => id < _position.Length && _position[id] >= 0;
    public int Peek() => _count > 0 ? _heap[0] : -1;

    public bool Before(int a, int b) => order.Before(a, b);

    /// <summary>Heap order, not sorted.</summary>
    public ReadOnlySpan<int> Items => _heap.AsSpan(0, _count);

    public void Add(int id)
    {
        if (id >= _position.Length)
        {
            var grown = Filled(Math.Max(id + 1, _position.Length * 2));
            _position.CopyTo(grown, 0);
            _position = grown;
        }
        if (_count == _heap.Length)
            Array.Resize(ref _heap, _heap.Length * 2);
        _heap[_count] = id;
        _position[id] = _count;
        _count++;
        Up(_count - 1);
    }

    public bool Remove(int id)
    {
        if (!Contains(id)) return false;
        var at = _position[id];
        _position[id] = -1;
        _count--;
        if (at == _count) return true;
        var last = _heap[_count];
        _heap[at] = last;
        _position[last] = at;
        if (!Up(at)) Down(at);
        return true;
    }

    public void Update(int id)
    {
        if (!Contains(id)) return;
        var at = _position[id];
        if (!Up(at)) Down(at);
    }

    private bool Up(int at)
    {
        var moved = false;
        var id = _heap[at];
        while (at > 0)
        {
            var parent = (at - 1) >> 1;
            if (!order.Before(id, _heap[parent])) break;
            _heap[at] = _heap[parent];
            _position[_heap[at]] = at;
            at = parent;
            moved = true;
        }
        _heap[at] = id;
        _position[id] = at;
        return moved;
    }

    private void Down(int at)
    {
        var id = _heap[at];
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= _count) break;
            if (child + 1 < _count && order.Before(_heap[child + 1], _heap[child])) child++;
            if (!order.Before(_heap[child], id)) break;
            _heap[at] = _heap[child];
            _position[_heap[at]] = at;
            at = child;
        }
        _heap[at] = id;
        _position[id] = at;
    }

    private static int[] Filled(int size)
    {
        var a = new int[size];
        Array.Fill(a, -1);
        return a;
    }
}
