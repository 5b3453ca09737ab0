namespace CallCentre.SlaTracking.Counting;

/// <summary>The calls of one queue queued in one fragment of time, added up by the database instead of one by one: every
/// count that does not depend on the contract, and the three that do (<see cref="ThresholdCounts"/>) under the thresholds of
/// the version counting the report row (<see cref="ForRow"/>) and of the version judging the measured period
/// (<see cref="ForMeasured"/>). <see cref="Start"/> is the fragment's first instant: every call of the fragment falls in the
/// same report row and measured period as it (see <see cref="SlaReportBuilder.AggregationPieces"/>).</summary>
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

/// <summary>The counts that depend on a contract's thresholds: answered with a wait ≤ T, abandoned with a wait &lt; S (short),
/// abandoned with S ≤ wait ≤ T.</summary>
public sealed record ThresholdCounts(long AnsweredWithin, long ShortAbandons, long AbandonedWithin);

/// <summary>A stretch [From, To) of one queue within which the versions counting its calls do not change: the row's version
/// has threshold <see cref="RowThresholdSeconds"/> and short-abandon threshold <see cref="RowShortAbandonSeconds"/>, the
/// measured period's version <see cref="MeasuredThresholdSeconds"/> and <see cref="MeasuredShortAbandonSeconds"/>.</summary>
public sealed record AggregationPiece(
    string QueueId,
    DateTimeOffset From,
    DateTimeOffset To,
    int RowThresholdSeconds,
    int RowShortAbandonSeconds,
    int MeasuredThresholdSeconds,
    int MeasuredShortAbandonSeconds);
