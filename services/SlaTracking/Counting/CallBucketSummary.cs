namespace CallCentre.SlaTracking.Counting;

/// <summary>Waits as half-second histograms: any contract's thresholds apply exactly afterwards. One per line and measure.</summary>
public sealed class CallBucketSummary(string queueId, WaitMeasure measure = WaitMeasure.Wall)
{
    public const int MaxThresholdSeconds = 30 * 86_400;
    private const int OverflowKey = 2 * MaxThresholdSeconds + 1;

    public string QueueId { get; } = queueId;
    public WaitMeasure Measure { get; } = measure;
    public long Offered { get; private set; }
    public long Answered { get; private set; }
    public long Abandoned { get; private set; }
    public long Waiting { get; private set; }
    public long Rejected { get; private set; }
    public long RejectedNotClosed { get; private set; }
    public long WaitAnsweredMilliseconds { get; private set; }
    public long LongestWaitMilliseconds { get; private set; }
    public long Completed { get; private set; }
    public decimal HandleSeconds { get; private set; }
    public long Transfers { get; private set; }
    private readonly Histogram _answeredWaits = new(), _abandonedWaits = new();

    /// <summary>2k for exactly k seconds, 2k + 1 between k and k + 1: wait ≤ T s ⟺ key ≤ 2T, wait &lt; S s ⟺ key &lt; 2S.</summary>
    public static int WaitKey(long milliseconds)
    {
        var ms = Math.Max(0, milliseconds);
        if (ms > MaxThresholdSeconds * 1000L)
            return OverflowKey;
        return (int)(2 * (ms / 1000) + (ms % 1000 == 0 ? 0 : 1));
    }

    public void Add(CallRecord call)
    {
        Offered++;
        Transfers += call.Transfers;
        var wait = call.WaitMilliseconds;
        if (wait is { } w)
            LongestWaitMilliseconds = Math.Max(LongestWaitMilliseconds, w);
        if (call.IsAnswered)
        {
            Answered++;
            WaitAnsweredMilliseconds += wait!.Value;
            _answeredWaits.Add(WaitKey(wait.Value));
        }
        else if (call.IsAbandoned)
        {
            Abandoned++;
            _abandonedWaits.Add(WaitKey(wait!.Value));
        }
        else if (call.IsRejected)
        {
            Rejected++;
            if (call.RejectReason != CallRecord.ClosedReason)
                RejectedNotClosed++;
        }
        else
            Waiting++;

        if (call.HandleSeconds is { } handle)
        {
            Completed++;
            HandleSeconds += (decimal)handle;
        }
    }

    public ThresholdCounts CountsFor(int thresholdSeconds, int shortAbandonSeconds)
    {
        if (thresholdSeconds > MaxThresholdSeconds || shortAbandonSeconds > MaxThresholdSeconds)
            throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), $"The histograms stop at {MaxThresholdSeconds} s.");
        long answeredWithin = 0, shortAbandons = 0, abandonedWithin = 0;
        var (keys, counts) = _answeredWaits.Sorted();
        for (var i = 0; i < keys.Length && keys[i] <= 2 * thresholdSeconds; i++)
            answeredWithin += counts[i];
        (keys, counts) = _abandonedWaits.Sorted();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] < 2 * shortAbandonSeconds)
                shortAbandons += counts[i];
            else if (keys[i] <= 2 * thresholdSeconds)
                abandonedWithin += counts[i];
            else
                break; // beyond both thresholds
        }
        return new ThresholdCounts(answeredWithin, shortAbandons, abandonedWithin);
    }

    public CallAggregate ToAggregate(DateTimeOffset start, ThresholdCounts forRow, ThresholdCounts forMeasured) =>
        new(QueueId, start, Offered, Answered, Abandoned, Waiting, Rejected, RejectedNotClosed, WaitAnsweredMilliseconds,
            LongestWaitMilliseconds, Completed, HandleSeconds, Transfers, forRow, forMeasured);


    private const byte FormatVersion = 2;

    public static byte[] Encode(IReadOnlyCollection<CallBucketSummary> summaries)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            w.Write7BitEncodedInt(summaries.Count);
            foreach (var s in summaries)
            {
                w.Write(s.QueueId);
                w.Write((byte)s.Measure);
                foreach (var v in new[] { s.Offered, s.Answered, s.Abandoned, s.Waiting, s.Rejected, s.RejectedNotClosed,
                             s.WaitAnsweredMilliseconds, s.LongestWaitMilliseconds, s.Completed, s.Transfers })
                    w.Write7BitEncodedInt64(v);
                w.Write(s.HandleSeconds);
                s._answeredWaits.Write(w);
                s._abandonedWaits.Write(w);
            }
        }
        return stream.ToArray();
    }

    public static List<CallBucketSummary> Decode(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data));
        if (r.ReadByte() != FormatVersion)
            throw new InvalidDataException("Unknown call bucket summary format.");
        var count = r.Read7BitEncodedInt();
        var summaries = new List<CallBucketSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var s = new CallBucketSummary(r.ReadString(), (WaitMeasure)r.ReadByte())
            {
                Offered = r.Read7BitEncodedInt64(), Answered = r.Read7BitEncodedInt64(), Abandoned = r.Read7BitEncodedInt64(),
                Waiting = r.Read7BitEncodedInt64(), Rejected = r.Read7BitEncodedInt64(), RejectedNotClosed = r.Read7BitEncodedInt64(),
                WaitAnsweredMilliseconds = r.Read7BitEncodedInt64(), LongestWaitMilliseconds = r.Read7BitEncodedInt64(),
                Completed = r.Read7BitEncodedInt64(), Transfers = r.Read7BitEncodedInt64(),
            };
            s.HandleSeconds = r.ReadDecimal();
            s._answeredWaits.Read(r);
            s._abandonedWaits.Read(r);
            summaries.Add(s);
        }
        return summaries;
    }

    private sealed class Histogram
    {
        private Dictionary<int, long>? _adding = new();
        private int[] _keys = [];
        private long[] _counts = [];

        public void Add(int key)
        {
            if (_adding is null)
            {
                _adding = new Dictionary<int, long>();
                for (var i = 0; i < _keys.Length; i++)
                    _adding[_keys[i]] = _counts[i];
            }
            _adding[key] = _adding.GetValueOrDefault(key) + 1;
        }

        public (int[] Keys, long[] Counts) Sorted()
        {
            if (_adding is not null)
            {
                _keys = _adding.Keys.Order().ToArray();
                _counts = _keys.Select(k => _adding[k]).ToArray();
                _adding = null;
            }
            return (_keys, _counts);
        }

        public void Write(BinaryWriter w)
        {
            var (keys, counts) = Sorted();
            w.Write7BitEncodedInt(keys.Length);
            var previous = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                w.Write7BitEncodedInt(keys[i] - previous);
                w.Write7BitEncodedInt64(counts[i]);
                previous = keys[i];
            }
        }

        public void Read(BinaryReader r)
        {
            var n = r.Read7BitEncodedInt();
            _keys = new int[n];
            _counts = new long[n];
            var key = 0;
            for (var i = 0; i < n; i++)
            {
                key += r.Read7BitEncodedInt();
                _keys[i] = key;
                _counts[i] = r.Read7BitEncodedInt64();
            }
            _adding = null;
        }
    }
}
