using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Rostering;

/// <summary>An activity a publication proposes, labelled with where it came from so that a refusal can name it.</summary>
public sealed record PlannedActivity(ScheduledActivity Activity, string Source);

/// <summary>An agent's day as a publication proposes it: a day off, or activities labelled by their source.</summary>
public sealed class DayPlan(string agentId, DateOnly date, bool dayOff, string source)
{
    public string AgentId => agentId;
    public DateOnly Date => date;
    public bool DayOff => dayOff;

    /// <summary>Where the day came from (a request field), to name it in a refusal.</summary>
    public string Source => source;

    public List<PlannedActivity> Activities { get; } = [];

    /// <summary>Puts the activities in time order; activities that start together keep their order.</summary>
    public void Order()
    {
        var sorted = Activities.OrderBy(a => a.Activity.Start).ToList();
        Activities.Clear();
        Activities.AddRange(sorted);
    }

    public AgentDay ToAgentDay() => new(agentId, date, dayOff, [.. Activities.Select(a => a.Activity)]);
}
