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

public sealed record ScheduledShift(
    string AgentId,
    string Template,
    DateTime Start,
    DateTime End,
    TimeRange? Break,
    TimeRange? Lunch);

public sealed record GroupCoverage(string SkillGroup, int Required, int Covered);

public sealed record IntervalCoverage(DateTime Start, int Required, int OnDuty, int Covered, int Under, int Over, IReadOnlyList<GroupCoverage> Groups);

public sealed record RosterProgress(
    int Solutions, long Objective, long BestBound, double Gap, double WallSeconds, RosterStage Stage, long StageObjective, long StageBound);

/// <summary>The levels of the staged solve, in their order; each is minimised with those before it held at their best value.</summary>
public enum RosterStage
{
    /// <summary>Σ (required − covered) over groups and intervals, in agent-intervals.</summary>
    UnderStaffing = 1,
    /// <summary>Σ (on the phones − covered) over intervals, in agent-intervals.</summary>
    OverStaffing = 2,
    /// <summary>Paid intervals of all shifts.</summary>
    Cost = 3,
}

public sealed record RosterStageResult(
    RosterStage Stage, RosterStatus Status, long? Objective, long? BestBound, double? Gap, double TimeLimitSeconds, double WallSeconds, int Solutions);

/// <param name="Workers">CP-SAT's num_workers: only 1, with a fixed seed, can reproduce a solve.</param>
public sealed record RosterOptions(TimeSpan TimeLimit, int Workers = 2, int Seed = 1, IProgress<RosterProgress>? Progress = null);

public enum RosterStatus
{
    Optimal,
    Feasible,
    NoSolution,
}

/// <summary>One agent-interval of under-staffing costs more than all the rest, one of over-staffing more than any cost.</summary>
public sealed record ObjectiveWeights(long Under, long Over, long Paid);

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
    double WallSeconds,
    IReadOnlyList<RosterStageResult> Stages);
