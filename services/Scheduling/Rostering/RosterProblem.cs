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
/// <param name="Objective">The weighted objective (<see cref="ObjectiveWeights"/>) of that schedule.</param>
/// <param name="BestBound">A bound on the weighted objective from the stages solved so far.</param>
/// <param name="StageObjective">What the stage minimises, in its unit (<see cref="RosterStage"/>).</param>
/// <param name="StageBound">CP-SAT's bound on the stage's objective, rounded up.</param>
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

/// <summary>One stage of the staged solve.</summary>
/// <param name="Objective">The stage's value on the schedule the stage ended with; null when it has none.</param>
/// <param name="BestBound">No schedule keeping the earlier stages' values does better; the objective itself when
/// <paramref name="Status"/> is optimal, 0 when the search gave none in time.</param>
/// <param name="Gap">(objective − bound) / max(1, objective).</param>
/// <param name="TimeLimitSeconds">The stage's share of the search time.</param>
public sealed record RosterStageResult(
    RosterStage Stage, RosterStatus Status, long? Objective, long? BestBound, double? Gap, double TimeLimitSeconds, double WallSeconds, int Solutions);

/// <param name="Workers">CP-SAT's num_workers. With 1 and a fixed seed a solve is reproducible when every stage ends on a
/// proof; one that ends on its time budget depends on the machine's speed, and several workers are never reproducible.</param>
/// <param name="Progress">Told on the solver's thread.</param>
public sealed record RosterOptions(TimeSpan TimeLimit, int Workers = 2, int Seed = 1, IProgress<RosterProgress>? Progress = null);

public enum RosterStatus
{
    Optimal,
    /// <summary>Time limit or stopped.</summary>
    Feasible,
    NoSolution,
}

/// <summary>Weights that put the three stages in one number in the same order: one agent-interval of under-staffing
/// costs more than all over-staffing and cost together, one of over-staffing more than any cost.</summary>
public sealed record ObjectiveWeights(long Under, long Over, long Paid);

/// <param name="Objective">The weighted objective (<see cref="Weights"/>) of the schedule.</param>
/// <param name="BestBound">A bound on the weighted objective from the stages; rounded up: objectives are whole; null when the
/// search stopped before any schedule.</param>
/// <param name="Stages">Each stage solved, in order, with its own objective, bound and gap.</param>
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
