namespace CallCentre.Scheduling.Rostering;

/// <summary>A break or lunch: its length and when it may start, in minutes after the shift starts.</summary>
/// <param name="Minutes">Length, a multiple of the interval.</param>
/// <param name="EarliestAfterMinutes">Earliest start after the shift start, a multiple of the interval.</param>
/// <param name="LatestAfterMinutes">Latest start after the shift start; the break must also end before the shift does.</param>
public sealed record BreakRule(int Minutes, int EarliestAfterMinutes, int LatestAfterMinutes);

/// <summary>A kind of shift an agent may work.</summary>
/// <param name="Name">Unique among the templates.</param>
/// <param name="LengthMinutes">From start to end, breaks and lunch included.</param>
/// <param name="EarliestStart">Earliest start time of day.</param>
/// <param name="LatestStart">Latest start time of day (at or after <paramref name="EarliestStart"/>).</param>
/// <param name="StartEveryMinutes">Starts are EarliestStart + k × this.</param>
/// <param name="Break">A paid break off the phones, or none.</param>
/// <param name="Lunch">An unpaid lunch off the phones, or none.</param>
public sealed record ShiftTemplate(
    string Name,
    int LengthMinutes,
    TimeOnly EarliestStart,
    TimeOnly LatestStart,
    int StartEveryMinutes,
    BreakRule? Break = null,
    BreakRule? Lunch = null)
{
    /// <summary>Paid minutes: the length less the unpaid lunch.</summary>
    public int PaidMinutes => LengthMinutes - (Lunch?.Minutes ?? 0);
}

/// <summary>A stretch of local wall-clock time, end exclusive.</summary>
public sealed record TimeRange(DateTime From, DateTime To);

/// <summary>An agent to roster.</summary>
/// <param name="Id">Unique in the team.</param>
/// <param name="Skills">The skill groups whose requirement the agent counts toward (one at a time).</param>
/// <param name="UnavailableDays">Days on which no shift may start.</param>
/// <param name="Unavailable">Times no shift may overlap.</param>
/// <param name="LastShiftEnd">When the agent's last shift before the horizon ends (local): the rest is kept across the
/// boundary, so no shift may start less than the rest after it.</param>
public sealed record RosterAgent(
    string Id,
    IReadOnlyList<string> Skills,
    IReadOnlyList<DateOnly>? UnavailableDays = null,
    IReadOnlyList<TimeRange>? Unavailable = null,
    DateTime? LastShiftEnd = null);

/// <summary>The labour rules every schedule must keep.</summary>
/// <param name="MinRestMinutes">Rest between the end of a shift and the start of the next (11 h by default).</param>
/// <param name="MaxWeeklyMinutes">Paid minutes of the shifts starting in a week (44 h by default).</param>
/// <param name="MinDaysOffPerWeek">Days of each week on which no shift starts.</param>
public sealed record RosterRules(int MinRestMinutes = 660, int MaxWeeklyMinutes = 2640, int MinDaysOffPerWeek = 2);

/// <summary>Agents on the phones a skill group needs in one interval.</summary>
public sealed record IntervalDemand(DateTime Start, string SkillGroup, int Agents);

/// <summary>A team to roster over one or two weeks.</summary>
/// <param name="FirstDay">The first day of the first week; weeks run seven days from it.</param>
/// <param name="Weeks">1 or 2.</param>
/// <param name="IntervalMinutes">15 or 30: the grid of requirements, starts, breaks and coverage.</param>
/// <param name="Requirement">Agents needed per interval and skill group; an interval absent needs none.</param>
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

/// <summary>A shift in a schedule; break and lunch are null when the template has none.</summary>
public sealed record ScheduledShift(
    string AgentId,
    string Template,
    DateTime Start,
    DateTime End,
    TimeRange? Break,
    TimeRange? Lunch);

/// <summary>One skill group in one interval: agents needed and agents counted toward it.</summary>
public sealed record GroupCoverage(string SkillGroup, int Required, int Covered);

/// <summary>One interval: agents needed, on the phones (at work, not on break or lunch), counted toward a need, and the difference.</summary>
/// <param name="Under">Agents missing: Σ (required − covered) over the groups.</param>
/// <param name="Over">Agents on the phones no group needs: OnDuty − Covered.</param>
public sealed record IntervalCoverage(DateTime Start, int Required, int OnDuty, int Covered, int Under, int Over, IReadOnlyList<GroupCoverage> Groups);

/// <summary>How far a long solve has come: reported at each better schedule found.</summary>
public sealed record RosterProgress(int Solutions, long Objective, long BestBound, double Gap, double WallSeconds);

/// <summary>Solve settings.</summary>
/// <param name="TimeLimit">The search stops after this, keeping the best schedule so far.</param>
/// <param name="Workers">CP-SAT search workers; 1 is deterministic.</param>
/// <param name="Seed">The search's random seed.</param>
/// <param name="Progress">Told of each better schedule, on the solver's thread.</param>
public sealed record RosterOptions(TimeSpan TimeLimit, int Workers = 2, int Seed = 1, IProgress<RosterProgress>? Progress = null);

public enum RosterStatus
{
    /// <summary>Proved optimal.</summary>
    Optimal,
    /// <summary>A schedule, not proved optimal (time limit or stopped).</summary>
    Feasible,
    /// <summary>Stopped before any schedule was found.</summary>
    NoSolution,
}

/// <summary>The weights that make the single objective lexicographic: one agent-interval of under-staffing costs more than any
/// over-staffing and cost together, one of over-staffing more than any cost.</summary>
/// <param name="Under">Per agent-interval missing.</param>
/// <param name="Over">Per agent-interval on the phones and not needed.</param>
/// <param name="Paid">Per paid interval.</param>
public sealed record ObjectiveWeights(long Under, long Over, long Paid);

/// <summary>A schedule with its coverage and the solver's proof of quality.</summary>
/// <param name="Objective">Under × w.Under + Over × w.Over + PaidIntervals × w.Paid; null without a schedule.</param>
/// <param name="BestBound">No schedule has an objective below this (the solver's bound, rounded up: objectives are whole); null when the search stopped before it had one.</param>
/// <param name="Gap">(Objective − BestBound) / max(1, Objective); 0 when optimal.</param>
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
