namespace CallCentre.Scheduling.Forecasting;

/// <summary>WAPE = Σ|F − A| / ΣA; MAPE = mean of |F − A| / A over the intervals with A &gt; 0.</summary>
public readonly record struct ForecastAccuracy(double? Wape, double? Mape, int Intervals)
{
    public static ForecastAccuracy Of(IEnumerable<(double Forecast, double Actual)> pairs)
    {
        var accumulator = new Accumulator();
        foreach (var (forecast, actual) in pairs) accumulator.Add(forecast, actual);
        return accumulator.Result;
    }

    internal struct Accumulator
    {
        private double _absoluteErrors, _actuals, _percentages;
        private int _count, _positive;

        public void Add(double forecast, double actual)
        {
            var error = Math.Abs(forecast - actual);
            _absoluteErrors += error;
            _actuals += actual;
            _count++;
            if (actual > 0)
            {
                _percentages += error / actual;
                _positive++;
            }
        }

        public readonly ForecastAccuracy Result => new(
            _actuals > 0 ? _absoluteErrors / _actuals : null,
            _positive > 0 ? _percentages / _positive : null,
            _count);
    }
}
