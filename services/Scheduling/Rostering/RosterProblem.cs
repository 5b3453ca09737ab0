namespace CallCentre.Scheduling.Rostering;

/// <param name="LatestAfterMinutes">The break must also end before the shift does.</param>
public sealed record BreakRule(int Minutes, int EarliestAfterMinutes, int LatestAfterMinutes);

/// <param name="LengthMinutes">Breaks and lunch included.</param>
/// <param name="Break">Paid.</param>
/// <param name="Lunch">Unpaid.</param>
public sealed record ShiftTemplate(
    string Name,
    int LengthMinutes,
    TimeOnly EarliestStart,
    TimeOnly LatestStart,
    int StartEveryMinutes,
    BreakRule? Break = null,
    BreakRule? Lunch = null)
{
    public int PaidMinutes => LengthMinutes - (Lunch?.Minutes ?? 0);
}

/// <summary>End exclusive.</summary>
public sealed record TimeRange(DateTime From, DateTime To);

/// <param name="Skills">A shift counts toward one of them at a time.</param>
/// <param name="LastShiftEnd">Local: no shift may start less than the rest after it.</param>
public sealed record RosterAgent(
    string Id,
    IReadOnlyList<string> Skills,
    IReadOnlyList<DateOnly>? UnavailableDays = null,
    IReadOnlyList<TimeRange>? Unavailable = null,
    DateTime? LastShiftEnd = null);

public sealed record RosterRules(int MinRestMinutes = 660, int MaxWeeklyMinutes = 2640, int MinDaysOffPerWeek = 2);

public sealed record IntervalDemand(DateTime Start, string SkillGroup, int Agents);

/// <param name="Requirement">An interval absent needs none.</param>
public sealed record RosterProblem(
    DateOnly FirstDay,
    int Weeks,
    int IntervalMinutes,
    IReadOnlyList<ShiftTemplate> Templates,
    IReadOnlyList<RosterAgent> Agents,
    IReadOnlyList<IntervalDemand> Requirement,
    RosterRules Rules)
{
    public int Days => Weeks * 7;
    public DateTime HorizonStart => FirstDay.ToDateTime(TimeOnly.MinValue);
    public DateTime HorizonEnd => HorizonStart.AddDays(Days);
    public int Intervals => Days * 1440 / IntervalMinutes;
}

/// <summary>Break and lunch are null when the template has none.</summary>
public sealed record ScheduledShift(
    string AgentId,
    string Template,
    DateTime Start,
    DateTime End,
    TimeRange? Break,
    TimeRange? Lunch);

public sealed record GroupCoverage(string SkillGroup, int Required, int Covered);

/// <param name="Over">Agents on the phones no group needs: OnDuty − Covered.</param>
public sealed record IntervalCoverage(DateTime Start, int Required, int OnDuty, int Covered, int Under, int Over, IReadOnlyList<GroupCoverage> Groups);

/// <summary>Reported at each better schedule found.</summary>
public sealed record RosterProgress(int Solutions, long Objective, long BestBound, double Gap, double WallSeconds);

/// <param name="Workers">1 is deterministic.</param>
/// <param name="Progress">Told on the solver's thread.</param>
public sealed record RosterOptions(TimeSpan TimeLimit, int Workers = 2, int Seed = 1, IProgress<RosterProgress>? Progress = null);

public enum RosterStatus
{
    Optimal,
    /// <summary>Time limit or stopped.</summary>
    Feasible,
    NoSolution,
}

/// <summary>One agent-interval of under-staffing costs more than all over-staffing and cost together, one of
/// over-staffing more than any cost.</summary>
public sealed record ObjectiveWeights(long Under, long Over, long Paid);

/// <param name="BestBound">Rounded up: objectives are whole; null when the search stopped before any bound.</param>
public sealed record RosterSolution(
    RosterStatus Status,
    IReadOnlyList<ScheduledShift> Shifts,
    IReadOnlyList<IntervalCoverage> Coverage,
    long UnderStaffed,
    long OverStaffed,
    double PaidHours,
    long? Objective,
    long? BestBound,
    double? Gap,
    ObjectiveWeights Weights,
    int Solutions,
    double WallSeconds);
