namespace CallCentre.Scheduling.Adherence;

/// <summary>What a scheduled activity asks of the agent: on the phones (work), or off them for a reason.</summary>
public enum ActivityKind { Work, Break, Lunch, Training, Meeting }

/// <summary>One activity of a published day, [Start, End) in UTC.</summary>
public sealed record ScheduledActivity(ActivityKind Kind, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>An agent's published day: a day off, or activities that start on <see cref="Date"/> (centre's time zone) and may
/// run past its midnight (a night shift belongs to the day it starts).</summary>
public sealed record AgentDay(string AgentId, DateOnly Date, bool DayOff, IReadOnlyList<ScheduledActivity> Activities);

/// <summary>One of Routing's agent state changes (<c>AgentStateChanged</c>): from <see cref="At"/>, the agent is in <see cref="State"/>.</summary>
public sealed record StateChange(DateTimeOffset At, string State, string? Reason);

/// <summary>What the schedule expects at an instant: an activity, <see cref="Off"/> (a scheduled day outside its activities, or
/// a day off: logged out), or <see cref="Unscheduled"/> (no day published: nothing to adhere to).</summary>
public enum Expectation { Work, Break, Lunch, Training, Meeting, Off, Unscheduled }

public static class AgentStates
{
    public const string LoggedOut = "LoggedOut", Available = "Available", Reserved = "Reserved", OnCall = "OnCall",
        AfterCallWork = "AfterCallWork", NotReady = "NotReady";

    /// <summary>On the phones: available, ringing, talking or wrapping up.</summary>
    public static bool IsOnPhone(string state) => state is Available or Reserved or OnCall or AfterCallWork;

    public static Expectation Of(ActivityKind kind) => kind switch
    {
        ActivityKind.Work => Expectation.Work,
        ActivityKind.Break => Expectation.Break,
        ActivityKind.Lunch => Expectation.Lunch,
        ActivityKind.Training => Expectation.Training,
        _ => Expectation.Meeting,
    };

    /// <summary>Whether <paramref name="state"/> (with <paramref name="reason"/>) is what <paramref name="expected"/> asks for;
    /// null when nothing is expected.</summary>
    public static bool? Adheres(Expectation expected, string state, string? reason) => expected switch
    {
        Expectation.Unscheduled => null,
        Expectation.Work => IsOnPhone(state),
        Expectation.Off => state == LoggedOut,
        _ => state == NotReady && string.Equals(reason, ReasonOf(expected), StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The NotReady reason code an off-phone activity expects: break, lunch, training, meeting.</summary>
    public static string? ReasonOf(Expectation expected) => expected switch
    {
        Expectation.Break => "break",
        Expectation.Lunch => "lunch",
        Expectation.Training => "training",
        Expectation.Meeting => "meeting",
        _ => null,
    };

    /// <summary>The expected state as text: <c>Available|Reserved|OnCall|AfterCallWork</c>, <c>NotReady:break</c>, <c>LoggedOut</c>, or empty.</summary>
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
