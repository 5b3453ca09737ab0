using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Tests.Adherence;

/// <summary>Builders for schedules and state histories in a named time zone, written as local wall-clock times.</summary>
internal sealed class AdherenceTestData(string zone)
{
    public CentreCalendar Calendar { get; } = CentreCalendar.For(zone);

    /// <summary>The instant of a local "yyyy-MM-dd HH:mm".</summary>
    public DateTimeOffset At(string local) =>
        Calendar.ToInstant(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
        ?? throw new ArgumentException($"{local} does not exist in {Calendar.Zone.Id}");

    public ScheduledActivity Activity(ActivityKind kind, string from, string to) => new(kind, At(from), At(to));

    public AgentDay Day(string date, params ScheduledActivity[] activities) =>
        new("agent01", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), false, activities);

    public AgentDay DayOff(string date) => new("agent01", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), true, []);

    public StateChange State(string at, string state, string? reason = null) => new(At(at), state, reason);
}
