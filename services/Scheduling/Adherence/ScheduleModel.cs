namespace CallCentre.Scheduling.Adherence;

public enum ActivityKind { Work, Break, Lunch, Training, Meeting }

public sealed record ScheduledActivity(ActivityKind Kind, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>A day off, or activities that start on <see cref="Date"/> and may run past its midnight.</summary>
public sealed record AgentDay(string AgentId, DateOnly Date, bool DayOff, IReadOnlyList<ScheduledActivity> Activities);

public sealed record StateChange(DateTimeOffset At, string State, string? Reason);

/// <summary>What the schedule expects at an instant: an activity, <see cref="Off"/> (a scheduled day outside its activities, or
/// a day off: logged out), or <see cref="Unscheduled"/> (no day published: nothing to adhere to).</summary>
public enum Expectation { Work, Break, Lunch, Training, Meeting, Off, Unscheduled }

public static class AgentStates
{
    public const string LoggedOut = "LoggedOut", Available = "Available", Reserved = "Reserved", OnCall = "OnCall",
        AfterCallWork = "AfterCallWork", NotReady = "NotReady";

    public static bool IsOnPhone(string state) => state is Available or Reserved or OnCall or AfterCallWork;

    public static Expectation Of(ActivityKind kind) => kind switch
    {
        ActivityKind.Work => Expectation.Work,
        ActivityKind.Break => Expectation.Break,
        ActivityKind.Lunch => Expectation.Lunch,
        ActivityKind.Training => Expectation.Training,
        _ => Expectation.Meeting,
    };

    public static bool? Adheres(Expectation expected, string state, string? reason) => expected switch
    {
        Expectation.Unscheduled => null,
        Expectation.Work => IsOnPhone(state),
        Expectation.Off => state == LoggedOut,
        _ => state == NotReady && string.Equals(reason, ReasonOf(expected), StringComparison.OrdinalIgnoreCase),
    };

    public static string? ReasonOf(Expectation expected) => expected switch
    {
        Expectation.Break => "break",
        Expectation.Lunch => "lunch",
        Expectation.Training => "training",
        Expectation.Meeting => "meeting",
        _ => null,
    };

    public static string ExpectedState(Expectation expected) => expected switch
    {
        Expectation.Work => "Available|Reserved|OnCall|AfterCallWork",
        Expectation.Off => LoggedOut,
        Expectation.Unscheduled => "",
        _ => $"{NotReady}:{ReasonOf(expected)}",
    };

    public static string Name(Expectation expected) => expected.ToString().ToLowerInvariant();
    public static string Name(ActivityKind kind) => kind.ToString().ToLowerInvariant();
}
