namespace CallCentre.Scheduling.Forecasting;

/// <summary>The baseline: each slot repeats the latest same weekday that observed it.</summary>
internal static class SeasonalNaive
{
    public static double[]?[] Forecast(DayGrid grid, int origin, int days) => WeekdayMean.Forecast(grid, origin, days, weeks: 1);
}
