namespace CallCentre.Scheduling.Requests;

/// <summary>Bound to <c>Scheduling:Requests</c>.</summary>
public sealed class AgentRequestOptions
{
    /// <summary>The requirement's interval, 15 or 30 minutes.</summary>
    public int IntervalMinutes { get; set; } = 30;

    public int HistoryDays { get; set; } = 56;

    public int MinRestMinutes { get; set; } = 660;
    public int MaxWeeklyMinutes { get; set; } = 2640;
    public int MinDaysOffPerWeek { get; set; } = 2;

    public int MaxTimeOffDays { get; set; } = 31;
}
