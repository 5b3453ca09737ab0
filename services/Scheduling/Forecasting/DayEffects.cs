namespace CallCentre.Scheduling.Forecasting;

internal enum DayPosition
{
    Ordinary,
    FirstOpenDay,
    SecondOpenDay,
    ThirdOpenDay,
    LastOpenDay,
    AfterClosure,
}

/// <summary>Calendar effects on a day's total (docs/forecasting.md, robust profile).</summary>
internal sealed class DayEffects
{
    public const double PositionPrior = 2;

    private readonly double[] _factors;

    private DayEffects(double[] factors) => _factors = factors;

    public static readonly DayEffects None = new(Enumerable.Repeat(1.0, Enum.GetValues<DayPosition>().Length).ToArray());

    public double Factor(DayGrid grid, int day) => _factors[(int)PositionOf(grid, day)];

    public static DayEffects Fit(DayGrid grid, double[] totals, int origin, int lookBackDays, Func<int, double> expected)
    {
        var count = Enum.GetValues<DayPosition>().Length;
        var ratios = Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
        for (var day = Math.Max(0, origin - lookBackDays); day < origin; day++)
        {
            if (double.IsNaN(totals[day])) continue;
            var baseline = expected(day);
            if (!(baseline > 0)) continue;
            ratios[(int)PositionOf(grid, day)].Add(totals[day] / baseline);
        }
        var factors = new double[count];
        for (var p = 0; p < count; p++)
        {
            // Ordinary days are many; a day after a closure carries the closed day's calls, too large an effect to shrink away.
            var prior = p is (int)DayPosition.Ordinary or (int)DayPosition.AfterClosure ? 0 : PositionPrior;
            var n = ratios[p].Count;
            factors[p] = n == 0 ? 1 : 1 + (Median(ratios[p]) - 1) * n / (n + prior);
        }
        return new DayEffects(factors);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    public static DayPosition PositionOf(DayGrid grid, int day)
    {
        if (!grid.IsOpenDay(day)) return DayPosition.Ordinary;
        var previous = day - 1;
        while (previous > day - 7 && !grid.IsOpenWeekday(grid.DayOfWeekOf(previous))) previous--;
        if (grid.IsOpenWeekday(grid.DayOfWeekOf(previous)) && !grid.IsOpenDay(previous)) return DayPosition.AfterClosure;

        var date = grid.FirstDay.AddDays(day);
        var ordinal = 0;
        for (var d = day - date.Day + 1; d <= day; d++)
            if (grid.IsOpenDay(d)) ordinal++;
        if (ordinal <= 3) return (DayPosition)ordinal;
        var monthEnd = day - date.Day + DateTime.DaysInMonth(date.Year, date.Month);
        for (var d = day + 1; d <= monthEnd; d++)
            if (grid.IsOpenDay(d)) return DayPosition.Ordinary;
        return DayPosition.LastOpenDay;
    }
}
