namespace CallCentre.Scheduling.Api;

/// <summary>Far enough from the calendar's ends that date arithmetic around them cannot overflow.</summary>
public static class DateBounds
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    public static bool Contains(DateTimeOffset instant) => Contains(DateOnly.FromDateTime(instant.UtcDateTime));

    public static string Message(string field) => $"{field} must lie between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";
}
