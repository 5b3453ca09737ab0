namespace CallCentre.Scheduling.Forecasting;

internal static class ForecastModel
{
    public static double[] ClosedDay(DayGrid grid)
    {
        var values = new double[grid.SlotsPerDay];
        Array.Fill(values, double.NaN);
        return values;
    }

    /// <summary>Scaled up by the profile's share of the observed slots; NaN when under a fifth of the day was observed.</summary>
    public static double ObservedTotal(double[] values, int[] openSlots, double[]? profile)
    {
        double sum = 0, share = 0;
        var observed = 0;
        foreach (var k in openSlots)
        {
            if (double.IsNaN(values[k])) continue;
            sum += values[k];
            share += profile?[k] ?? 0;
            observed++;
        }
        if (observed == openSlots.Length) return sum;
        if (profile is null) return observed * 5 >= openSlots.Length * 4 ? sum * openSlots.Length / observed : double.NaN;
        return share >= 0.2 ? sum / share : double.NaN;
    }

    /// <summary>Null when it has no calls or misses slots.</summary>
    public static double[]? Shares(double[] values, int[] openSlots, int slotsPerDay)
    {
        double sum = 0;
        foreach (var k in openSlots)
        {
            if (double.IsNaN(values[k])) return null;
            sum += values[k];
        }
        if (sum <= 0) return null;
        var shares = new double[slotsPerDay];
        foreach (var k in openSlots) shares[k] = values[k] / sum;
        return shares;
    }
}
