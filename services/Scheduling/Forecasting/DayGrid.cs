namespace CallCentre.Scheduling.Forecasting;

/// <summary>A history in days of wall-clock slots: a day without data is null, an absent slot NaN (unobserved, not zero).</summary>
internal sealed class DayGrid
{
    public const int OpenHoursFromLatestDays = 5;

    private DayGrid(DateOnly firstDay, int intervalMinutes, double[]?[] days, IReadOnlySet<DateOnly> closed)
    {
        FirstDay = firstDay;
        Closed = closed;
        IntervalMinutes = intervalMinutes;
        Days = days;
        SlotsPerDay = 1440 / intervalMinutes;
        Open = new bool[7][];
        OpenSlots = new int[7][];
        for (var dow = 0; dow < 7; dow++)
        {
            var open = new bool[SlotsPerDay];
            var seen = 0;
            for (var d = days.Length - 1; d >= 0 && seen < OpenHoursFromLatestDays; d--)
            {
                if (days[d] is not { } values || DayOfWeekOf(d) != dow) continue;
                seen++;
                for (var k = 0; k < SlotsPerDay; k++) open[k] |= !double.IsNaN(values[k]);
            }
            Open[dow] = open;
            OpenSlots[dow] = [.. Enumerable.Range(0, SlotsPerDay).Where(k => open[k])];
        }
    }

    public DateOnly FirstDay { get; }
    public int IntervalMinutes { get; }
    public int SlotsPerDay { get; }

    public double[]?[] Days { get; }

    /// <summary>Per weekday (0 = Sunday).</summary>
    public bool[][] Open { get; }

    public int[][] OpenSlots { get; }

    public bool IsOpenWeekday(int dow) => OpenSlots[dow].Length > 0;

    public IReadOnlySet<DateOnly> Closed { get; }

    public bool IsOpenDay(int day) => IsOpenWeekday(DayOfWeekOf(day)) && !Closed.Contains(FirstDay.AddDays(day));

    public int DayOfWeekOf(int day) => (int)FirstDay.AddDays(day).DayOfWeek;

    public static DayGrid Build(IReadOnlyList<IntervalCount> history, int intervalMinutes, IReadOnlySet<DateOnly>? excludedDays = null,
        IReadOnlySet<DateOnly>? closedDays = null)
    {
        closedDays ??= new HashSet<DateOnly>();
        var firstDay = DateOnly.FromDateTime(history.Min(p => p.Start));
        var lastDay = DateOnly.FromDateTime(history.Max(p => p.Start));
        var slots = 1440 / intervalMinutes;
        var days = new double[]?[lastDay.DayNumber - firstDay.DayNumber + 1];
        foreach (var (start, calls) in history)
        {
            var date = DateOnly.FromDateTime(start);
            if (excludedDays?.Contains(date) == true || closedDays.Contains(date)) continue;
            var values = days[date.DayNumber - firstDay.DayNumber] ??= NewDay(slots);
            var slot = (int)(start.TimeOfDay.TotalMinutes / intervalMinutes);
            // A wall-clock slot seen twice is the hour repeated when clocks go back: both passes count.
            values[slot] = double.IsNaN(values[slot]) ? calls : values[slot] + calls;
        }
        return new DayGrid(firstDay, intervalMinutes, days, closedDays);
    }

    private static double[] NewDay(int slots)
    {
        var values = new double[slots];
        Array.Fill(values, double.NaN);
        return values;
    }
}
