namespace CallCentre.Contracts.Scheduling;

/// <summary>A queue of <see cref="ScheduleSimulated"/>.</summary>
/// <param name="QueueId">The queue.</param>
/// <param name="Intervals">Per interval of the request, calls counted in the interval they arrived in.</param>
/// <param name="Day">The whole played span per run (answered in time / offered over all its intervals), null from an older Simulator.</param>
public record SimulatedQueueResult(string QueueId, IReadOnlyList<SimulatedInterval> Intervals, SimulatedInterval? Day = null);
