namespace CallCentre.Contracts.Scheduling;

/// <summary>An interval of <see cref="SimulatedQueueResult"/>: the mean over the runs, and the standard deviation across them
/// of the runs that had calls; null when no run had a call.</summary>
/// <param name="OfferedMean">Calls arrived, per run.</param>
/// <param name="ServiceLevelMean">Answered within the threshold / offered.</param>
/// <param name="ServiceLevelSpread">Standard deviation of the runs' service levels.</param>
/// <param name="AbandonedMean">Abandoned / offered.</param>
/// <param name="AbandonedSpread">Standard deviation of the runs' abandonment.</param>
/// <param name="MissedTargetShare">The share of the runs with calls whose service level fell below the queue's target.</param>
public record SimulatedInterval(
    double OfferedMean,
    double? ServiceLevelMean,
    double? ServiceLevelSpread,
    double? AbandonedMean,
    double? AbandonedSpread,
    double? MissedTargetShare);
