namespace CallCentre.Contracts.Scheduling;

/// <summary>Scheduling asks the Simulator to play a schedule against its forecast in virtual time with the routing engine, once
/// per seed; the Simulator answers with <see cref="ScheduleSimulated"/> (docs/rostering.md, "Checking a schedule by simulation").</summary>
/// <param name="CheckId">Scheduling's id of the check; the answer carries it back.</param>
/// <param name="TenantId">The client company whose queues are played.</param>
/// <param name="Start">The first interval's start.</param>
/// <param name="IntervalMinutes">The width of every interval.</param>
/// <param name="Intervals">How many intervals are played; every per-interval list has this many entries.</param>
/// <param name="Queues">The tenant's queues with their forecast.</param>
/// <param name="Agents">The scheduled agents who can serve at least one of the queues.</param>
/// <param name="Seeds">One independent day per seed.</param>
/// <param name="RequestedAt">When the check was asked for.</param>
public record ScheduleSimulationRequested(
    Guid CheckId,
    string TenantId,
    DateTimeOffset Start,
    int IntervalMinutes,
    int Intervals,
    IReadOnlyList<SimulatedQueue> Queues,
    IReadOnlyList<SimulatedAgent> Agents,
    IReadOnlyList<int> Seeds,
    DateTimeOffset RequestedAt);
