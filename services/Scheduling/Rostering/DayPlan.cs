using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Rostering;

/// <summary>Labelled with where it came from, so that a refusal can name it.</summary>
public sealed record PlannedActivity(ScheduledActivity Activity, string Source);

public sealed class DayPlan(string agentId, DateOnly date, bool dayOff, string source)
{
    public string AgentId => agentId;
    public DateOnly Date => date;
    public bool DayOff => dayOff;

    public string Source => source;

    public List<PlannedActivity> Activities { get; } = [];

    public void Order()
    {
        var sorted = Activities.OrderBy(a => a.Activity.Start).ToList();
        Activities.Clear();
        Activities.AddRange(sorted);
    }

    public AgentDay ToAgentDay() => new(agentId, date, dayOff, [.. Activities.Select(a => a.Activity)]);
}
