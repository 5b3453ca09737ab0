namespace CallCentre.Scheduling.Forecasting;

/// <summary>The j-th latest same weekday weighs ρ^j (docs/forecasting.md, Methods).</summary>
internal static class WeightedProfile
{
    public const int Weeks = 8;
    private static readonly double[] Decays = [0.5, 0.7, 0.85, 1.0];

    public static double[]?[] Forecast(DayGrid grid, int origin, int days) => Forecast(grid, origin, days, Fit(grid, origin));

    public static double Fit(DayGrid grid, int origin)
    {
        var best = (Error: double.PositiveInfinity, Decay: 0.7);
        var day = ForecastModel.ClosedDay(grid);
        foreach (var decay in Decays)
        {
            var error = 0.0;
            for (var d = Math.Min(14, origin); d < origin; d++)
            {
                var dow = grid.DayOfWeekOf(d);
                if (grid.Days[d] is not { } actual || !grid.IsOpenWeekday(dow)) continue;
                ForecastDay(grid, d, d, decay, day);
                foreach (var k in grid.OpenSlots[dow])
                    if (!double.IsNaN(actual[k])) error += Math.Abs(actual[k] - day[k]);
            }
            if (error < best.Error) best = (error, decay);
        }
        return best.Decay;
    }

    public static double[]?[] Forecast(DayGrid grid, int origin, int days, double decay)
    {
        var result = new double[]?[days];
        for (var i = 0; i < days; i++)
        {
            if (!grid.IsOpenWeekday(grid.DayOfWeekOf(origin + i))) continue;
            ForecastDay(grid, origin + i, origin, decay, result[i] = ForecastModel.ClosedDay(grid));
        }
        return result;
    }

    private static void ForecastDay(DayGrid grid, int day, int before, double decay, double[] output)
    {
        var dow = grid.DayOfWeekOf(day);
        var open = grid.OpenSlots[dow];
        foreach (var k in open) output[k] = 0;
        double totalWeights = 0, totals = 0, shapeWeights = 0, weight = 1;
        var past = day - 7 * ((day - before) / 7 + 1);
        for (var used = 0; past >= 0 && used < Weeks; past -= 7)
        {
            if (grid.Days[past] is not { } values) continue;
            var total = ForecastModel.ObservedTotal(values, open, null);
            if (double.IsNaN(total)) continue;
            used++;
            totals += weight * total;
            totalWeights += weight;
            if (total > 0 && ForecastModel.Shares(values, open, grid.SlotsPerDay) is { } shares)
            {
                foreach (var k in open) output[k] += weight * shares[k];
                shapeWeights += weight;
            }
            weight *= decay;
        }
        var forecastTotal = totalWeights > 0 ? totals / totalWeights : 0;
        foreach (var k in open) output[k] = forecastTotal * (shapeWeights > 0 ? output[k] / shapeWeights : 1.0 / open.Length);
    }
}
