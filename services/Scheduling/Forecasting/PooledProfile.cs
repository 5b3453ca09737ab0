namespace CallCentre.Scheduling.Forecasting;

/// <summary>Day totals: a half-life-weighted level times weekday factors, blended with the weekday's own mean.</summary>
internal readonly record struct DayTotalParameters(double LevelHalfLife, int FactorWeeks, double Own = 0);

/// <summary>A weekday's shape shrunk toward its open-hours pool, then smoothed.</summary>
internal readonly record struct ShapeParameters(int Weeks, double Pooling, int Bandwidth);

internal sealed record PooledProfileParameters(DayTotalParameters Totals, ShapeParameters[] Shapes);

/// <summary>docs/forecasting.md, Pooled profile.</summary>
internal static class PooledProfile
{
    public const int FitWeeks = 4;

    /// <summary>A fold needs two weeks behind it for a weekday factor and a shape.</summary>
    private const int MinimumTrainingDays = 14;

    public const int OwnWeeks = 4;
    private static readonly double[] OwnWeights = [0, 0.25, 0.5, 0.75, 1];
    private static readonly double[] HalfLives = [3.5, 7, 14, 28, 56];
    private static readonly int[] FactorWeeksGrid = [4, 8, 16];
    private static readonly int[] ShapeWeeksGrid = [4, 8, 16];
    private static readonly double[] Poolings = [0, 0.5, 2, 8];
    private static readonly int[] Bandwidths = [0, 1, 2, 3];

    public static readonly PooledProfileParameters Default = new(new DayTotalParameters(14, 8),
        [.. Enumerable.Repeat(new ShapeParameters(8, 0, 0), 7)]);

    public static double[]?[] Forecast(DayGrid grid, int origin, int days) => Forecast(grid, origin, days, Fit(grid, origin));

    public static double[]?[] Forecast(DayGrid grid, int origin, int days, PooledProfileParameters parameters)
    {
        var totals = DayTotals(grid);
        var result = new double[]?[days];
        var factors = Factors(grid, totals, origin, parameters.Totals.FactorWeeks);
        var level = Level(grid, totals, origin, parameters.Totals.LevelHalfLife, factors);
        var shapes = new double[]?[7];
        for (var i = 0; i < days; i++)
        {
            var dow = grid.DayOfWeekOf(origin + i);
            if (!grid.IsOpenWeekday(dow)) continue;
            var shape = shapes[dow] ??= Shape(grid, totals, origin, dow, parameters.Shapes[dow]);
            var total = Total(level * factors[dow], OwnMean(grid, totals, origin, dow), parameters.Totals.Own);
            var values = result[i] = ForecastModel.ClosedDay(grid);
            foreach (var k in grid.OpenSlots[dow]) values[k] = total * shape[k];
        }
        return result;
    }

    public static PooledProfileParameters Fit(DayGrid grid, int origin)
    {
        var folds = Enumerable.Range(1, FitWeeks).Select(j => origin - 7 * j).Where(o => o >= MinimumTrainingDays).ToArray();
        if (folds.Length == 0) return Default;
        var totals = DayTotals(grid);

        var bestTotals = (Error: double.PositiveInfinity, Parameters: Default.Totals);
        var ownMeans = folds.Select(fold => Enumerable.Range(0, 7).Select(dow => OwnMean(grid, totals, fold, dow)).ToArray()).ToArray();
        foreach (var factorWeeks in FactorWeeksGrid)
        foreach (var halfLife in HalfLives)
        {
            var errors = new double[OwnWeights.Length];
            for (var f = 0; f < folds.Length; f++)
            {
                var fold = folds[f];
                var factors = Factors(grid, totals, fold, factorWeeks);
                var level = Level(grid, totals, fold, halfLife, factors);
                for (var day = fold; day < Math.Min(fold + 7, origin); day++)
                {
                    if (double.IsNaN(totals[day])) continue;
                    var dow = grid.DayOfWeekOf(day);
                    for (var o = 0; o < OwnWeights.Length; o++)
                        errors[o] += Math.Abs(totals[day] - Total(level * factors[dow], ownMeans[f][dow], OwnWeights[o]));
                }
            }
            for (var o = 0; o < OwnWeights.Length; o++)
                if (errors[o] < bestTotals.Error) bestTotals = (errors[o], new DayTotalParameters(halfLife, factorWeeks, OwnWeights[o]));
        }

        var shapes = new ShapeParameters[7];
        for (var dow = 0; dow < 7; dow++)
        {
            shapes[dow] = Default.Shapes[dow];
            if (!grid.IsOpenWeekday(dow)) continue;
            var best = double.PositiveInfinity;
            foreach (var weeks in ShapeWeeksGrid)
            {
                var sums = folds.Select(fold => ShapeSums(grid, totals, fold, dow, weeks)).ToArray();
                foreach (var pooling in Poolings)
                foreach (var bandwidth in Bandwidths)
                {
                    var parameters = new ShapeParameters(weeks, pooling, bandwidth);
                    var error = 0.0;
                    for (var f = 0; f < folds.Length; f++)
                    {
                        var shape = Shape(grid, sums[f], dow, parameters);
                        for (var day = folds[f]; day < Math.Min(folds[f] + 7, origin); day++)
                        {
                            if (grid.DayOfWeekOf(day) != dow || double.IsNaN(totals[day])) continue;
                            var actual = grid.Days[day]!;
                            foreach (var k in grid.OpenSlots[dow])
                                if (!double.IsNaN(actual[k])) error += Math.Abs(actual[k] - totals[day] * shape[k]);
                        }
                    }
                    if (error < best) (best, shapes[dow]) = (error, parameters);
                }
            }
        }
        return new PooledProfileParameters(bestTotals.Parameters, shapes);
    }

    private static double Total(double pooled, double own, double ownWeight) =>
        double.IsNaN(own) ? pooled : ownWeight * own + (1 - ownWeight) * pooled;

    private static double OwnMean(DayGrid grid, double[] totals, int origin, int dow)
    {
        double sum = 0;
        var used = 0;
        for (var day = origin - 1; day >= 0 && day >= origin - 14 * OwnWeeks && used < OwnWeeks; day--)
        {
            if (grid.DayOfWeekOf(day) != dow || double.IsNaN(totals[day])) continue;
            sum += totals[day];
            used++;
        }
        return used > 0 ? sum / used : double.NaN;
    }

    /// <summary>Scaled up when up to a fifth is unobserved.</summary>
    internal static double[] DayTotals(DayGrid grid)
    {
        var totals = new double[grid.Days.Length];
        for (var day = 0; day < totals.Length; day++)
        {
            var dow = grid.DayOfWeekOf(day);
            totals[day] = grid.Days[day] is { } values && grid.IsOpenWeekday(dow)
                ? ForecastModel.ObservedTotal(values, grid.OpenSlots[dow], null)
                : double.NaN;
        }
        return totals;
    }

    private static double[] Factors(DayGrid grid, double[] totals, int origin, int weeks)
    {
        var sums = new double[7];
        var counts = new int[7];
        for (var day = Math.Max(0, origin - 7 * weeks); day < origin; day++)
        {
            if (double.IsNaN(totals[day])) continue;
            var dow = grid.DayOfWeekOf(day);
            sums[dow] += totals[day];
            counts[dow]++;
        }
        var means = Enumerable.Range(0, 7).Where(d => counts[d] > 0).Select(d => sums[d] / counts[d]).ToArray();
        var overall = means.Length > 0 ? means.Average() : 0;
        var factors = new double[7];
        for (var dow = 0; dow < 7; dow++) factors[dow] = counts[dow] > 0 && overall > 0 ? sums[dow] / counts[dow] / overall : 1;
        return factors;
    }

    private static double Level(DayGrid grid, double[] totals, int origin, double halfLife, double[] factors)
    {
        double sum = 0, weights = 0;
        var decay = Math.Pow(0.5, 1 / halfLife);
        var weight = 1.0;
        for (var day = origin - 1; day >= 0 && day >= origin - 8 * halfLife; day--, weight *= decay)
        {
            var factor = factors[grid.DayOfWeekOf(day)];
            if (double.IsNaN(totals[day]) || factor <= 0) continue;
            sum += weight * totals[day] / factor;
            weights += weight;
        }
        return weights > 0 ? sum / weights : 0;
    }

    /// <summary>A share is a ratio of sums, so a slot missing on some days is estimated from the others.</summary>
    private sealed record ShapeData(double[] Own, double[] OwnExposure, double OwnTotal, int OwnDays, double[] Pool, double[] PoolExposure);

    private static ShapeData ShapeSums(DayGrid grid, double[] totals, int origin, int dow, int weeks)
    {
        var open = grid.OpenSlots[dow];
        var data = new ShapeData(new double[grid.SlotsPerDay], new double[grid.SlotsPerDay], 0, 0,
            new double[grid.SlotsPerDay], new double[grid.SlotsPerDay]);
        double ownTotal = 0;
        var ownDays = 0;
        for (var day = origin - 1; day >= 0 && day >= origin - 7 * weeks; day--)
        {
            var d = grid.DayOfWeekOf(day);
            if (grid.Days[day] is not { } values || double.IsNaN(totals[day]) || totals[day] <= 0) continue;
            var own = d == dow;
            if (!own && !grid.OpenSlots[d].AsSpan().SequenceEqual(open)) continue;
            foreach (var k in open)
            {
                if (double.IsNaN(values[k])) continue;
                data.Pool[k] += values[k];
                data.PoolExposure[k] += totals[day];
                if (!own) continue;
                data.Own[k] += values[k];
                data.OwnExposure[k] += totals[day];
            }
            if (!own) continue;
            ownTotal += totals[day];
            ownDays++;
        }
        return data with { OwnTotal = ownTotal, OwnDays = ownDays };
    }

    private static double[] Shape(DayGrid grid, double[] totals, int origin, int dow, ShapeParameters parameters) =>
        Shape(grid, ShapeSums(grid, totals, origin, dow, parameters.Weeks), dow, parameters);

    private static double[] Shape(DayGrid grid, ShapeData data, int dow, ShapeParameters parameters)
    {
        var open = grid.OpenSlots[dow];
        var raw = new double[grid.SlotsPerDay];
        var prior = data.OwnDays > 0 ? parameters.Pooling * data.OwnTotal / data.OwnDays : 0;
        foreach (var k in open)
        {
            var pooled = data.PoolExposure[k] > 0 ? data.Pool[k] / data.PoolExposure[k] : double.NaN;
            var weight = double.IsNaN(pooled) ? 0 : prior;
            var exposure = data.OwnExposure[k] + weight;
            raw[k] = exposure > 0 ? (data.Own[k] + (weight > 0 ? weight * pooled : 0)) / exposure
                : double.IsNaN(pooled) ? 1.0 / open.Length : pooled;
        }

        var shape = new double[grid.SlotsPerDay];
        var isOpen = grid.Open[dow];
        var sum = 0.0;
        foreach (var k in open)
        {
            // A triangular kernel over the open neighbours: closed slots neither give nor take calls.
            double value = 0, weights = 0;
            for (var j = -parameters.Bandwidth; j <= parameters.Bandwidth; j++)
            {
                var n = k + j;
                if (n < 0 || n >= shape.Length || !isOpen[n]) continue;
                var weight = parameters.Bandwidth + 1 - Math.Abs(j);
                value += weight * raw[n];
                weights += weight;
            }
            shape[k] = value / weights;
            sum += shape[k];
        }
        if (sum > 0) foreach (var k in open) shape[k] /= sum;
        return shape;
    }
}
