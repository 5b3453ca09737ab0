namespace CallCentre.Contracts.Scheduling;

/// <summary>The Simulator's answer to <see cref="ScheduleSimulationRequested"/>.</summary>
/// <param name="CheckId">The request's.</param>
/// <param name="TenantId">The request's.</param>
/// <param name="Runs">Days played (one per seed).</param>
/// <param name="Queues">Per queue, in the request's order.</param>
/// <param name="SimulatedAt">When the runs ended.</param>
public record ScheduleSimulated(Guid CheckId, string TenantId, int Runs, IReadOnlyList<SimulatedQueueResult> Queues, DateTimeOffset SimulatedAt);
