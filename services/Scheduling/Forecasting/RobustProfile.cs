namespace CallCentre.Scheduling.Forecasting;

/// <summary>docs/forecasting.md, Robust profile.</summary>
internal static class RobustProfile
{
    public const int TotalDays = 9;
    public const int ShapeDays = 16;
    public const double ShapeDecay = 0.9;

    /// <summary>Same weekdays further back than this are not used: a holiday-ridden season leaves fewer days, not older ones.</summary>
    public const int LookBackWeeks = 26;

    public const int FitWeeks = 4;

    /// <summary>A past day teaches the day effects only when this many same weekdays came before it.</summary>
    public const int MinimumDaysForEffects = 3;
    public static readonly IReadOnlyList<int> Bandwidths = [0, 1, 2, 3, 4];

    public static double[]?[] Forecast(DayGrid grid, int origin, int days)
    {
        var totals = PooledProfile.DayTotals(grid);
        return Forecast(grid, origin, days, FitBandwidth(grid, totals, origin));
    }

    public static double[]?[] Forecast(DayGrid grid, int origin, int days, int bandwidth)
    {
        var totals = PooledProfile.DayTotals(grid);
        var result = new double[]?[days];
        var shapes = new double[]?[7];
        var dayTotals = new double?[7];
        var effects = DayEffects.Fit(grid, totals, origin, 7 * LookBackWeeks,
            day => TrimmedTotal(grid, totals, day, grid.DayOfWeekOf(day), MinimumDaysForEffects));
        for (var i = 0; i < days; i++)
        {
            var dow = grid.DayOfWeekOf(origin + i);
            if (!grid.IsOpenWeekday(dow)) continue;
            var shape = shapes[dow] ??= Smooth(grid, dow, RawShape(grid, totals, origin, dow), bandwidth);
            var total = (dayTotals[dow] ??= TrimmedTotal(grid, totals, origin, dow)) * effects.Factor(grid, origin + i);
            var values = result[i] = ForecastModel.ClosedDay(grid);
            foreach (var k in grid.OpenSlots[dow]) values[k] = total * shape[k];
        }
        return result;
    }

    /// <summary>The kernel half-width fitted on the weeks before the origin; the narrowest wins a tie, so a noiseless shape stays.</summary>
    public static int FitBandwidth(DayGrid grid, double[] totals, int origin)
    {
        var errors = new double[Bandwidths.Count];
        var folds = Enumerable.Range(1, FitWeeks).Select(j => origin - 7 * j).Where(o => o >= 7).ToArray();
        if (folds.Length == 0) return 0;
        foreach (var fold in folds)
        for (var dow = 0; dow < 7; dow++)
        {
            if (!grid.IsOpenWeekday(dow)) continue;
            var raw = RawShape(grid, totals, fold, dow);
            for (var b = 0; b < Bandwidths.Count; b++)
            {
                var shape = Smooth(grid, dow, raw, Bandwidths[b]);
                for (var day = fold; day < Math.Min(fold + 7, origin); day++)
                {
                    if (grid.DayOfWeekOf(day) != dow || double.IsNaN(totals[day])) continue;
                    var actual = grid.Days[day]!;
                    foreach (var k in grid.OpenSlots[dow])
                        if (!double.IsNaN(actual[k])) errors[b] += Math.Abs(actual[k] - totals[day] * shape[k]);
                }
            }
        }
        var best = 0;
        for (var b = 1; b < errors.Length; b++)
            if (errors[b] < errors[best]) best = b;
        return Bandwidths[best];
    }

    /// <summary>NaN with fewer than <paramref name="minimumDays"/> observed totals.</summary>
    internal static double TrimmedTotal(DayGrid grid, double[] totals, int origin, int dow, int minimumDays = 1)
    {
        var latest = new List<double>(TotalDays);
        foreach (var day in SameWeekdaysBefore(grid, origin, dow))
        {
            if (double.IsNaN(totals[day])) continue;
            latest.Add(totals[day]);
            if (latest.Count == TotalDays) break;
        }
        if (latest.Count == 0) return 0;
        if (latest.Count < minimumDays) return double.NaN;
        latest.Sort();
        var trim = latest.Count / 3;
        return latest.Skip(trim).Take(latest.Count - 2 * trim).Average();
    }

    /// <summary>The Poisson maximum-likelihood share: a slot missing on some days is estimated from the others.</summary>
    internal static double[] RawShape(DayGrid grid, double[] totals, int origin, int dow)
    {
        var open = grid.OpenSlots[dow];
        var calls = new double[grid.SlotsPerDay];
        var exposure = new double[grid.SlotsPerDay];
        var (used, weight) = (0, 1.0);
        foreach (var day in SameWeekdaysBefore(grid, origin, dow))
        {
            if (grid.Days[day] is not { } values || !(totals[day] > 0)) continue;
            foreach (var k in open)
            {
                if (double.IsNaN(values[k])) continue;
                calls[k] += weight * values[k];
                exposure[k] += weight * totals[day];
            }
            weight *= ShapeDecay;
            if (++used == ShapeDays) break;
        }
        var shape = new double[grid.SlotsPerDay];
        foreach (var k in open) shape[k] = exposure[k] > 0 ? calls[k] / exposure[k] : 1.0 / open.Length;
        return shape;
    }

    /// <summary>Closed slots neither give nor take calls.</summary>
    internal static double[] Smooth(DayGrid grid, int dow, double[] raw, int bandwidth)
    {
        var shape = new double[grid.SlotsPerDay];
        var isOpen = grid.Open[dow];
        var sum = 0.0;
        foreach (var k in grid.OpenSlots[dow])
        {
            double value = 0, weights = 0;
            for (var j = -bandwidth; j <= bandwidth; j++)
            {
                var n = k + j;
                if (n < 0 || n >= shape.Length || !isOpen[n]) continue;
                var w = bandwidth + 1 - Math.Abs(j);
                value += w * raw[n];
                weights += w;
            }
            shape[k] = value / weights;
            sum += shape[k];
        }
        if (sum > 0) foreach (var k in grid.OpenSlots[dow]) shape[k] /= sum;
        return shape;
    }

    private static IEnumerable<int> SameWeekdaysBefore(DayGrid grid, int origin, int dow)
    {
        var latest = origin - 1;
        while (latest >= 0 && grid.DayOfWeekOf(latest) != dow) latest--;
        for (var day = latest; day >= 0 && day >= origin - 7 * LookBackWeeks; day -= 7) yield return day;
    }
}
