using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

/// <summary><see cref="QueueId"/> is the arrival's queue, whatever followed; handle time covers every leg.</summary>
public sealed record CallRecord(
    Guid CallId,
    string TenantId,
    string QueueId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? AbandonedAt = null,
    DateTimeOffset? CompletedAt = null,
    double? HandleSeconds = null,
    int Transfers = 0,
    DateTimeOffset? RejectedAt = null,
    string? RejectReason = null,
    string Kind = ContactKinds.Voice,
    DateTimeOffset? FirstDialAt = null,
    long? AnsweredBusinessMilliseconds = null,
    long? AbandonedBusinessMilliseconds = null)
{
    /// <summary>No ratio counts a rejection outside opening hours.</summary>
    public const string ClosedReason = "closed";

    public string Line => ReportLine.Of(QueueId, Kind);

    public bool IsAnswered => AnsweredAt is not null;
    public bool IsAbandoned => AnsweredAt is null && AbandonedAt is not null;
    public bool IsRejected => AnsweredAt is null && AbandonedAt is null && RejectedAt is not null;

    private long? MeasuredWaitMilliseconds { get; init; }

    public long? WaitMilliseconds => MeasuredWaitMilliseconds ?? ((AnsweredAt ?? AbandonedAt ?? RejectedAt) is { } end
        ? Math.Max(0, end.ToUnixTimeMilliseconds() - QueuedAt.ToUnixTimeMilliseconds())
        : null);

    /// <summary>The contact as a contract of that measure counts it; the same record again when measured again.</summary>
    public CallRecord Under(WaitMeasure measure) => measure switch
    {
        WaitMeasure.Business when (IsAnswered ? AnsweredBusinessMilliseconds : IsAbandoned ? AbandonedBusinessMilliseconds : null) is { } ms =>
            this with { MeasuredWaitMilliseconds = Math.Max(0, ms) },
        WaitMeasure.FirstDial when FirstDialAt is { } dial && (AnsweredAt is not { } a || dial < a) =>
            this with { AnsweredAt = dial, AbandonedAt = null, RejectedAt = null },
        _ => this,
    };
}
