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
    string Kind = ContactKinds.Voice)
{
    /// <summary>No ratio counts a rejection outside opening hours.</summary>
    public const string ClosedReason = "closed";

    public string Line => ReportLine.Of(QueueId, Kind);

    public bool IsAnswered => AnsweredAt is not null;
    public bool IsAbandoned => AnsweredAt is null && AbandonedAt is not null;
    public bool IsRejected => AnsweredAt is null && AbandonedAt is null && RejectedAt is not null;

    public long? WaitMilliseconds => (AnsweredAt ?? AbandonedAt ?? RejectedAt) is { } end
        ? Math.Max(0, end.ToUnixTimeMilliseconds() - QueuedAt.ToUnixTimeMilliseconds())
        : null;
}
