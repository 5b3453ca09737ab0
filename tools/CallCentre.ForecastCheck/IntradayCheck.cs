using System.Globalization;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

namespace CallCentre.ForecastCheck;

/// <summary>Replays each day of the last weeks of each real series: the morning forecast (the day forecast by `auto` from
/// every day before it), then every 15 minutes the reforecast of the rest of the day from the calls so far, and prints
/// the WAPE of the rest of the day under each, over every (day, quarter-hour) pair.</summary>
internal static class IntradayCheck
{
    private static readonly (double K, double Carried)[] Variants =
        [(25, IntradayReforecast.Carried), (100, IntradayReforecast.Carried), (400, IntradayReforecast.Carried),
         (IntradayReforecast.PriorCalls, IntradayReforecast.Carried), (100, 1), (400, 1)];

    private static string Label((double K, double Carried) v) => Invariant($"{"K=" + v.K + ",c=" + v.Carried.ToString("0.##", CultureInfo.InvariantCulture),13}");

    /// <summary>One day of the US bank series as CSV (start, morning forecast, actual), for a replay test.</summary>
    public static int Day(string root, DateOnly day)
    {
        var (_, path, width, timeColumn, callsColumn) = SeriesFile.Series(root)[0];
        var history = SeriesFile.Read(path, timeColumn, callsColumn);
        var closed = SeriesFile.ClosedDays(history);
        var from = day.ToDateTime(TimeOnly.MinValue);
        var actual = history.Where(p => DateOnly.FromDateTime(p.Start) == day).ToDictionary(p => p.Start, p => p.Calls);
        Console.WriteLine("start,forecast,actual");
        foreach (var p in SeriesForecaster.Forecast([.. history.Where(p => p.Start < from)], width, from, from.AddDays(1), new ForecastOptions(ClosedDays: closed)).Forecast)
            Console.WriteLine(Invariant($"{p.Start:yyyy-MM-ddTHH:mm},{p.Calls:0.###},{actual.GetValueOrDefault(p.Start)}"));
        return 0;
    }

    public static int Run(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "../shared/data";
        var weeks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        var skip = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        Console.WriteLine(Invariant($"WAPE of the rest of the day, reforecast every 15 minutes, days of the last {weeks} weeks{(skip > 0 ? Invariant($" before the last {skip}") : "")}"));
        Console.WriteLine($"  {"series",-28} {"days",4} {"cuts",5}  {"morning",8}  {string.Join("  ", Variants.Select(Label))}   default, by share of the day left: ¾ / ½ / ¼");
        var exitCode = 0;
        foreach (var (name, path, width, timeColumn, callsColumn) in SeriesFile.Series(root))
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"{name}: {path} not found");
                exitCode = 1;
                continue;
            }
            var history = SeriesFile.Read(path, timeColumn, callsColumn);
            var closed = SeriesFile.ClosedDays(history);
            var end = DateOnly.FromDateTime(history[^1].Start).AddDays(1 - 7 * skip);
            var byDay = history.GroupBy(p => DateOnly.FromDateTime(p.Start)).ToDictionary(g => g.Key, g => g.ToList());
            var errors = new double[Variants.Length];
            var phases = new (double Morning, double Reforecast, double Actual)[3];
            double actuals = 0, morningErrors = 0;
            int days = 0, cuts = 0;
            for (var day = end.AddDays(-7 * weeks); day < end; day = day.AddDays(1))
            {
                if (!byDay.TryGetValue(day, out var today)) continue;
                var from = day.ToDateTime(TimeOnly.MinValue);
                var morning = SeriesForecaster.Forecast([.. history.Where(p => p.Start < from)], width, from, from.AddDays(1), new ForecastOptions(ClosedDays: closed)).Forecast;
                var plan = morning.Select(p => new PlannedInterval(p.Start, p.Calls, null)).ToList();
                var observed = today.Select(p => new ObservedInterval(p.Start, p.Calls, 0, 0)).ToList();
                var actual = today.ToDictionary(p => p.Start, p => p.Calls);
                var open = plan.Where(p => actual.ContainsKey(p.Start)).Select(p => p.Start).ToList();
                if (open.Count == 0) continue;
                days++;
                var dayEnd = open[^1].AddMinutes(width);
                for (var now = open[0].AddMinutes(15); now < dayEnd; now = now.AddMinutes(15))
                {
                    cuts++;
                    var left = (dayEnd - now) / (dayEnd - open[0]);
                    var phase = left > 0.625 ? 0 : left > 0.375 ? 1 : left > 0.125 ? 2 : -1;
                    for (var v = 0; v < Variants.Length; v++)
                    {
                        var reforecast = IntradayReforecast.Reforecast(plan, observed, now, width, Variants[v].K, Variants[v].Carried);
                        var isDefault = Variants[v] == (IntradayReforecast.PriorCalls, IntradayReforecast.Carried);
                        foreach (var i in reforecast.Intervals)
                        {
                            if (i.Start < now || !actual.TryGetValue(i.Start, out var a)) continue;
                            errors[v] += Math.Abs(i.Reforecast - a);
                            if (v == 0) (actuals, morningErrors) = (actuals + a, morningErrors + Math.Abs(i.Forecast - a));
                            if (isDefault && phase >= 0)
                                phases[phase] = (phases[phase].Morning + Math.Abs(i.Forecast - a), phases[phase].Reforecast + Math.Abs(i.Reforecast - a),
                                    phases[phase].Actual + a);
                        }
                    }
                }
            }
            Console.WriteLine(Invariant($"  {name,-28} {days,4} {cuts,5}  {morningErrors / actuals,8:P2}  {string.Join("  ", errors.Select(e => Invariant($"{e / actuals,13:P2}")))}   {string.Join(" / ", phases.Select(p => Invariant($"{p.Morning / p.Actual:P1} → {p.Reforecast / p.Actual:P1}")))}"));
        }
        Console.WriteLine(Invariant($"  (default K = {IntradayReforecast.PriorCalls}, c = {IntradayReforecast.Carried:0.##}; c = 1 carries the whole shrunk ratio)"));
        return exitCode;
    }
}
