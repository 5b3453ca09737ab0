using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

/// <summary>
/// A generated queue with known seasonality: open Monday to Friday 08:00–18:00 and Saturday 09:00–13:00,
/// shut on Sunday; weekday levels and a two-peak intraday shape; Poisson-like noise from a seeded generator.
/// </summary>
internal static class SyntheticCalls
{
    /// <summary>A Monday.</summary>
    public static readonly DateTime FirstMonday = new(2025, 1, 6);

    private static readonly double[] WeekdayLevel = [0, 1.3, 1.1, 1.0, 1.0, 0.9, 0.5];   // Sunday first

    public static (int Open, int Close) Hours(DayOfWeek day) => day switch
    {
        DayOfWeek.Sunday => (0, 0),
        DayOfWeek.Saturday => (9 * 60, 13 * 60),
        _ => (8 * 60, 18 * 60),
    };

    /// <summary>The expected calls in the interval starting at <paramref name="start"/>; 0 when shut.</summary>
    public static double Mean(DateTime start, int intervalMinutes, double callsPerQuarterHour)
    {
        var (open, close) = Hours(start.DayOfWeek);
        var minute = start.TimeOfDay.TotalMinutes;
        if (minute < open || minute >= close) return 0;
        var x = (minute - open) / (close - open);
        var shape = 0.4 + Math.Sin(Math.PI * x) + 0.6 * Math.Exp(-Math.Pow((x - 0.25) / 0.08, 2));
        return callsPerQuarterHour * intervalMinutes / 15 * WeekdayLevel[(int)start.DayOfWeek] * shape;
    }

    /// <summary><paramref name="days"/> days from <see cref="FirstMonday"/>, open intervals only.</summary>
    public static List<IntervalCount> Generate(int days, int intervalMinutes = 15, int seed = 1, double callsPerQuarterHour = 40, bool noise = true)
    {
        var random = new Random(seed);
        var points = new List<IntervalCount>();
        for (var day = 0; day < days; day++)
        {
            var date = FirstMonday.AddDays(day);
            var (open, close) = Hours(date.DayOfWeek);
            for (var minute = open; minute < close; minute += intervalMinutes)
            {
                var start = date.AddMinutes(minute);
                var mean = Mean(start, intervalMinutes, callsPerQuarterHour);
                points.Add(new IntervalCount(start, noise ? Noisy(random, mean) : mean));
            }
        }
        return points;
    }

    /// <summary>Poisson noise by its normal approximation (Box–Muller), rounded to whole calls.</summary>
    private static double Noisy(Random random, double mean)
    {
        var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * gauss));
    }
}
