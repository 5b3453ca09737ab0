namespace CallCentre.Scheduling.Forecasting;

/// <summary>
/// The baseline: each open slot gets the calls of the same slot on the latest same weekday before the
/// forecast origin that observed it (looking back up to <see cref="WeeksBack"/> weeks past holidays).
/// </summary>
internal static class SeasonalNaive
{
    public const int WeeksBack = 8;

    /// <summary>Forecasts days [<paramref name="origin"/>, origin + <paramref name="days"/>) from the days before origin.</summary>
    public static double[]?[] Forecast(DayGrid grid, int origin, int days)
    {
        var result = new double[]?[days];
        for (var i = 0; i < days; i++)
        {
            var day = origin + i;
            var dow = grid.DayOfWeekOf(day);
            if (!grid.IsOpenWeekday(dow)) continue;
            var values = result[i] = ForecastModel.ClosedDay(grid);
            // The latest same weekday strictly before the origin.
            var latest = day - 7 * ((day - origin) / 7 + 1);
            foreach (var k in grid.OpenSlots[dow])
            {
                var value = double.NaN;
                for (var w = 0; w < WeeksBack && double.IsNaN(value); w++)
                {
                    var past = latest - 7 * w;
                    if (past < 0) break;
                    if (grid.Days[past] is { } observed) value = observed[k];
                }
                values[k] = double.IsNaN(value) ? 0 : value;
            }
        }
        return result;
    }
}
