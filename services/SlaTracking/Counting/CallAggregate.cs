namespace CallCentre.SlaTracking.Counting;

/// <summary>Every call of the fragment falls in the same row and measured period as <see cref="Start"/>.</summary>
public sealed record CallAggregate(
    string QueueId,
    DateTimeOffset Start,
    long Offered,
    long Answered,
    long Abandoned,
    long Waiting,
    long Rejected,
    long RejectedNotClosed,
    long WaitAnsweredMilliseconds,
    long LongestWaitMilliseconds,
    long Completed,
    decimal HandleSeconds,
    long Transfers,
    ThresholdCounts ForRow,
    ThresholdCounts ForMeasured);

/// <summary>Answered with a wait ≤ T, abandoned with a wait &lt; S (short), abandoned with S ≤ wait ≤ T.</summary>
public sealed record ThresholdCounts(long AnsweredWithin, long ShortAbandons, long AbandonedWithin);

/// <summary>A stretch [From, To) of one queue within which the versions counting its calls do not change.</summary>
public sealed record AggregationPiece(
    string QueueId,
    DateTimeOffset From,
    DateTimeOffset To,
    int RowThresholdSeconds,
    int RowShortAbandonSeconds,
    int MeasuredThresholdSeconds,
    int MeasuredShortAbandonSeconds,
    WaitMeasure RowMeasure = WaitMeasure.Wall,
    WaitMeasure MeasuredMeasure = WaitMeasure.Wall);
