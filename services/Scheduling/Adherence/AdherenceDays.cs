using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Data;

namespace CallCentre.Scheduling.Adherence;

public sealed record AgentAdherenceInput(AgentDefinition Agent, IReadOnlyList<AgentDay> Days, IReadOnlyList<StateChange> Changes);

/// <summary>What the engine needs for one day of every agent (or one): the published days around it and the state history.</summary>
public static class AdherenceDays
{
    public static async Task<IReadOnlyList<AgentAdherenceInput>> ReadAsync(DateOnly date, string? agentId, IEnumerable<AgentDefinition> agents,
        ScheduleStore schedules, AgentStateStore states, CentreCalendar calendar, DateTimeOffset now, CancellationToken ct)
    {
        var days = (await schedules.ListAsync(date.AddDays(-1), date.AddDays(1), agentId, ct)).ToLookup(d => d.AgentId, StringComparer.Ordinal);
        var (from, to) = AdherenceReading.HistoryWindow(date, calendar, now);
        var history = from < to
            ? (await states.ListAsync(from, to, agentId, ct)).ToLookup(c => c.AgentId, c => c.Change, StringComparer.Ordinal)
            : Enumerable.Empty<StateChange>().ToLookup(_ => "", StringComparer.Ordinal);
        return [.. agents.Where(a => agentId is null || a.Id == agentId)
            .Select(a => new AgentAdherenceInput(a, [.. days[a.Id]], [.. history[a.Id]]))];
    }
}
