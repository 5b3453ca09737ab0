namespace CallCentre.SlaTracking.Counting;

/// <summary>A call detail record as the counting rules see it (no caller number: the record holds none).
/// <see cref="QueueId"/> is the queue the call arrived in, whatever overflow or transfer followed; <see cref="AnsweredAt"/>
/// its first answer; <see cref="TransferredTalkSeconds"/> the talk of the legs that ended in a transfer.</summary>
public sealed record CallRecord(
    Guid CallId,
    string TenantId,
    string QueueId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? AbandonedAt = null,
    DateTimeOffset? CompletedAt = null,
    double? TalkSeconds = null,
    double? HoldSeconds = null,
    double? WrapUpSeconds = null,
    int Transfers = 0,
    DateTimeOffset? RejectedAt = null,
    string? RejectReason = null,
    double? TransferredTalkSeconds = null)
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

    /// <summary>Talk (every leg) + hold + wrap-up of a completed call; null before completion.</summary>
    public double? HandleSeconds => CompletedAt is not null && TalkSeconds is { } talk
        ? talk + (TransferredTalkSeconds ?? 0) + (HoldSeconds ?? 0) + (WrapUpSeconds ?? 0)
        : null;
}
