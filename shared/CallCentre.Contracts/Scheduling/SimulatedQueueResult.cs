namespace CallCentre.Contracts.Scheduling;

/// <summary>A queue of <see cref="ScheduleSimulated"/>.</summary>
/// <param name="QueueId">The queue.</param>
/// <param name="Intervals">Per interval of the request, calls counted in the interval they arrived in.</param>
public record SimulatedQueueResult(string QueueId, IReadOnlyList<SimulatedInterval> Intervals);
