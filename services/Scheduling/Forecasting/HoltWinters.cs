namespace CallCentre.Scheduling.Forecasting;

/// <summary>α level, β trend, γ weekday factors, δ intraday profile, φ damping.</summary>
internal readonly record struct HoltWintersParameters(double Alpha, double Beta, double Gamma, double Delta, bool SharedProfile = false,
    double Phi = HoltWinters.Phi);

/// <summary>Multiplicative triple exponential smoothing (docs/forecasting.md, Holt-Winters).</summary>
internal static class HoltWinters
{
    public const double Phi = 0.95;
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.35, 0.5];
    private static readonly double[] Betas = [0, 0.05];
    private static readonly double[] Gammas = [0.05, 0.1, 0.2, 0.35];
    private static readonly double[] Deltas = [0.02, 0.05, 0.1, 0.2, 0.35];

    public static double[]?[] Forecast(DayGrid grid, int origin, int days) => Forecast(grid, origin, days, Fit(grid, origin));

    public static HoltWintersParameters Fit(DayGrid grid, int origin)
    {
        var best = (Error: double.PositiveInfinity, Parameters: new HoltWintersParameters(0.2, 0, 0.1, 0.1));
        foreach (var alpha in Alphas)
        foreach (var beta in Betas)
        foreach (var gamma in Gammas)
        {
            var parameters = new HoltWintersParameters(alpha, beta, gamma, 0.1);
            var error = Run(grid, origin, parameters).TotalError;
            if (error < best.Error) best = (error, parameters);
        }
        var totals = best.Parameters;
        best.Error = double.PositiveInfinity;
        foreach (var delta in Deltas)
        foreach (var shared in (bool[])[false, true])
        {
            var parameters = totals with { Delta = delta, SharedProfile = shared };
            var error = Run(grid, origin, parameters).SlotError;
            if (error < best.Error) best = (error, parameters);
        }
        return best.Parameters;
    }

    public static double[]?[] Forecast(DayGrid grid, int origin, int days, HoltWintersParameters parameters)
    {
        var state = Run(grid, origin, parameters);
        var result = new double[]?[days];
        var steps = 0;
        var trendSum = 0.0;
        for (var i = 0; i < days; i++)
        {
            var dow = grid.DayOfWeekOf(origin + i);
            if (!grid.IsOpenWeekday(dow)) continue;
            steps++;
            trendSum += Math.Pow(parameters.Phi, steps);
            var total = Math.Max(0, state.Level + state.Trend * trendSum) * state.Season[dow];
            var values = result[i] = ForecastModel.ClosedDay(grid);
            foreach (var k in grid.OpenSlots[dow]) values[k] = total * state.Profile[dow][k];
        }
        return result;
    }

    /// <summary>Errors are summed after the warm-up, for day totals one to a week of open days ahead (the horizon served).</summary>
    private static State Run(DayGrid grid, int origin, HoltWintersParameters p)
    {
        var state = State.Initial(grid, origin, p.SharedProfile, out var warmUp);
        var horizon = Enumerable.Range(0, 7).Count(grid.IsOpenWeekday);
        var past = new (double Level, double Trend)[horizon];   // the state after each of the last steps, a ring
        var pastCount = 0;
        for (var day = 0; day < origin; day++)
        {
            var dow = grid.DayOfWeekOf(day);
            if (!grid.IsOpenWeekday(dow)) continue;
            past[pastCount++ % horizon] = (state.Level, state.Trend);
            var season = state.Season[dow];
            var profile = state.Profile[dow];
            var expected = state.Level + p.Phi * state.Trend;
            var total = grid.Days[day] is { } values ? ForecastModel.ObservedTotal(values, grid.OpenSlots[dow], profile) : double.NaN;
            if (double.IsNaN(total))
            {
                (state.Level, state.Trend) = (Math.Max(0, expected), p.Phi * state.Trend);
                continue;
            }
            var observed = grid.Days[day]!;
            if (day >= warmUp)
            {
                // A weekday's factor changes only on that weekday, so the one in use now is the one each origin had.
                var damping = 0.0;
                for (var h = 1; h <= Math.Min(horizon, pastCount); h++)
                {
                    damping += Math.Pow(p.Phi, h);
                    var (level, trend) = past[(pastCount - h) % horizon];
                    state.TotalError += Math.Abs(total - Math.Max(0, level + damping * trend) * season);
                }
                foreach (var k in grid.OpenSlots[dow])
                    if (!double.IsNaN(observed[k])) state.SlotError += Math.Abs(observed[k] - total * profile[k]);
            }

            var previous = state.Level;
            state.Level = Math.Max(0, season > 1e-9 ? p.Alpha * total / season + (1 - p.Alpha) * expected : expected);
            state.Trend = p.Beta * (state.Level - previous) + (1 - p.Beta) * p.Phi * state.Trend;
            if (state.Level > 1e-9) state.Season[dow] = p.Gamma * total / state.Level + (1 - p.Gamma) * season;
            if (total > 0)
            {
                var sum = 0.0;
                foreach (var k in grid.OpenSlots[dow])
                {
                    if (!double.IsNaN(observed[k])) profile[k] = p.Delta * observed[k] / total + (1 - p.Delta) * profile[k];
                    sum += profile[k];
                }
                if (sum > 0) foreach (var k in grid.OpenSlots[dow]) profile[k] /= sum;
            }
        }
        return state;
    }

    private sealed class State
    {
        public double Level, Trend, TotalError, SlotError;
        public readonly double[] Season = [1, 1, 1, 1, 1, 1, 1];
        public double[][] Profile = [];

        /// <summary>Profiles, level and weekday factors from the first weeks; errors count after them.</summary>
        public static State Initial(DayGrid grid, int origin, bool sharedProfile, out int warmUp)
        {
            warmUp = Math.Min(origin, origin >= 28 ? 14 : 7);
            var state = new State { Profile = new double[7][] };
            for (var dow = 0; dow < 7; dow++)
            {
                var open = grid.OpenSlots[dow];
                var twin = sharedProfile ? Enumerable.Range(0, dow).FirstOrDefault(d => grid.OpenSlots[d].SequenceEqual(open), -1) : -1;
                if (twin >= 0)
                {
                    state.Profile[dow] = state.Profile[twin];
                    continue;
                }
                bool Shares(int d) => sharedProfile ? grid.OpenSlots[d].SequenceEqual(open) : d == dow;
                var profile = state.Profile[dow] = new double[grid.SlotsPerDay];
                var used = 0;
                for (var day = 0; day < origin && used < 4; day++)
                {
                    if (!Shares(grid.DayOfWeekOf(day)) || grid.Days[day] is not { } values) continue;
                    if (ForecastModel.Shares(values, open, grid.SlotsPerDay) is not { } shares) continue;
                    for (var k = 0; k < profile.Length; k++) profile[k] += shares[k];
                    used++;
                }
                foreach (var k in open) profile[k] = used > 0 ? profile[k] / used : 1.0 / open.Length;
            }

            var sums = new double[7];
            var counts = new int[7];
            for (var day = 0; day < warmUp; day++)
            {
                var dow = grid.DayOfWeekOf(day);
                if (!grid.IsOpenWeekday(dow) || grid.Days[day] is not { } values) continue;
                var total = ForecastModel.ObservedTotal(values, grid.OpenSlots[dow], state.Profile[dow]);
                if (double.IsNaN(total)) continue;
                sums[dow] += total;
                counts[dow]++;
            }
            var means = Enumerable.Range(0, 7).Where(d => counts[d] > 0).Select(d => sums[d] / counts[d]).ToArray();
            state.Level = means.Length > 0 ? means.Average() : 0;
            for (var dow = 0; dow < 7; dow++)
                if (counts[dow] > 0 && state.Level > 0) state.Season[dow] = sums[dow] / counts[dow] / state.Level;
            return state;
        }
    }
}
