namespace CallCentre.Scheduling.Forecasting;

/// <summary>Its members' errors are partly independent, so their mean beats most of them.</summary>
internal static class Ensemble
{
    public static readonly IReadOnlyList<ForecastMethod> Members =
        [ForecastMethod.HoltWinters, ForecastMethod.PooledProfile];

    public static double[]?[] Forecast(DayGrid grid, int origin, int days)
    {
        var forecasts = Members.Select(m => SeriesForecaster.Run(m, grid, origin, days)).ToArray();
        var result = new double[]?[days];
        for (var i = 0; i < days; i++)
        {
            if (forecasts[0][i] is null) continue;
            var values = result[i] = ForecastModel.ClosedDay(grid);
            for (var k = 0; k < values.Length; k++)
                if (!double.IsNaN(forecasts[0][i]![k])) values[k] = forecasts.Average(f => f[i]![k]);
        }
        return result;
    }
}
