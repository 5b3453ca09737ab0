namespace CallCentre.Scheduling.Api;

/// <summary>The dates the scheduling endpoints accept: far enough from the calendar's ends that a day or a year of arithmetic
/// around them cannot overflow, wide enough for any history or plan.</summary>
public static class DateBounds
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    public static bool Contains(DateTimeOffset instant) => Contains(DateOnly.FromDateTime(instant.UtcDateTime));

    /// <summary>The message naming <paramref name="field"/> and the range.</summary>
    public static string Message(string field) => $"{field} must lie between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";
}
