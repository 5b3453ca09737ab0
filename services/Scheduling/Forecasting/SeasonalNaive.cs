namespace CallCentre.Scheduling.Forecasting;

/// <summary>The baseline: each open slot gets the calls of the same slot on the latest same weekday before the forecast
/// origin that observed it (looking back up to <see cref="WeekdayMean.WeeksBack"/> weeks past holidays).</summary>
internal static class SeasonalNaive
{
    public static double[]?[] Forecast(DayGrid grid, int origin, int days) => WeekdayMean.Forecast(grid, origin, days, weeks: 1);
}
