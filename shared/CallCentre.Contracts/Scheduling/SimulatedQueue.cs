namespace CallCentre.Contracts.Scheduling;

/// <summary>A queue of <see cref="ScheduleSimulationRequested"/>.</summary>
/// <param name="QueueId">The routing engine's queue.</param>
/// <param name="RequiredSkills">Skill to minimum level, as the engine matches them.</param>
/// <param name="Priority">1 (lowest) to 10.</param>
/// <param name="ForecastCalls">Calls expected per interval (Poisson arrivals at that mean).</param>
/// <param name="AhtSeconds">Mean handle time (exponential).</param>
/// <param name="PatienceSeconds">Mean patience (exponential); null: callers never hang up.</param>
/// <param name="ThresholdSeconds">The service level's "answered within".</param>
/// <param name="ServiceLevelTarget">The share to answer within the threshold (0–1): an interval of a run below it missed it.</param>
public record SimulatedQueue(
    string QueueId,
    IReadOnlyDictionary<string, int> RequiredSkills,
    int Priority,
    IReadOnlyList<double> ForecastCalls,
    double AhtSeconds,
    double? PatienceSeconds,
    double ThresholdSeconds,
    double ServiceLevelTarget);
