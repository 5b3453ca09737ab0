using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

/// <summary>A call detail record as the counting rules see it (no caller number: the record holds none).
/// <see cref="QueueId"/> is the queue the call arrived in, whatever overflow or transfer followed; <see cref="AnsweredAt"/>
/// its first answer; <see cref="CompletedAt"/> when its last leg ended; <see cref="HandleSeconds"/> the handle time of all its
/// legs (<see cref="HandleTime"/>) once completed.</summary>
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
    string? RejectReason = null)
{
    /// <summary>The reason of a rejection outside opening hours, which no ratio counts.</summary>
    public const string ClosedReason = "closed";

    public bool IsAnswered => AnsweredAt is not null;
    public bool IsAbandoned => AnsweredAt is null && AbandonedAt is not null;
    public bool IsRejected => AnsweredAt is null && AbandonedAt is null && RejectedAt is not null;

    /// <summary>Milliseconds from queued to the first answer, the abandon or the rejection; null while the call still waits.</summary>
    public long? WaitMilliseconds => (AnsweredAt ?? AbandonedAt ?? RejectedAt) is { } end
        ? Math.Max(0, end.ToUnixTimeMilliseconds() - QueuedAt.ToUnixTimeMilliseconds())
        : null;
}
