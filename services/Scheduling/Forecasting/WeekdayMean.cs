namespace CallCentre.Scheduling.Forecasting;

/// <summary>The second baseline: each slot's mean over the latest same weekdays that observed it.</summary>
internal static class WeekdayMean
{
    public const int Weeks = 4;
    public const int WeeksBack = 8;

    public static double[]?[] Forecast(DayGrid grid, int origin, int days, int weeks = Weeks)
    {
        var result = new double[]?[days];
        for (var i = 0; i < days; i++)
        {
            var day = origin + i;
            var dow = grid.DayOfWeekOf(day);
            if (!grid.IsOpenWeekday(dow)) continue;
            var values = result[i] = ForecastModel.ClosedDay(grid);
            var latest = day - 7 * ((day - origin) / 7 + 1);
            foreach (var k in grid.OpenSlots[dow])
            {
                double sum = 0;
                var used = 0;
                for (var w = 0; w < WeeksBack && used < weeks; w++)
                {
                    var past = latest - 7 * w;
                    if (past < 0) break;
                    if (grid.Days[past] is not { } observed || double.IsNaN(observed[k])) continue;
                    sum += observed[k];
                    used++;
                }
                values[k] = used > 0 ? sum / used : 0;
            }
        }
        return result;
    }
}
