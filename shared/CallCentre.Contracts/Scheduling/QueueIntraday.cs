namespace CallCentre.Contracts.Scheduling;

/// <summary>One queue's day in <see cref="IntradayStaffingUpdated"/>.</summary>
/// <param name="QueueId">The queue.</param>
/// <param name="VolumeFactor">What the rest of the day's forecast calls were multiplied by.</param>
/// <param name="HandleTimeFactor">What the rest of the day's handle times were multiplied by.</param>
/// <param name="Intervals">The whole day, in order.</param>
public record QueueIntraday(string QueueId, double VolumeFactor, double HandleTimeFactor, IReadOnlyList<IntradayInterval> Intervals);
