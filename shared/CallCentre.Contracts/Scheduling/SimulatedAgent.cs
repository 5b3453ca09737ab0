namespace CallCentre.Contracts.Scheduling;

/// <summary>An agent of <see cref="ScheduleSimulationRequested"/>.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Skills">Skill to level.</param>
/// <param name="OnPhones">Per interval: whether the schedule has the agent on the phones for the whole of it.</param>
public record SimulatedAgent(string AgentId, IReadOnlyDictionary<string, int> Skills, IReadOnlyList<bool> OnPhones);
