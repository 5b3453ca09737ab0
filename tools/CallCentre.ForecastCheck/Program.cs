// Forecasts each of the last weeks of each real arrival series one week ahead from all the data before it and
// prints every method's WAPE, the method the holdout chose, the Poisson floor and the 80 % intervals' coverage; the
// summary adds how the chosen method compares with the 4-week same-weekday mean (relative) and the floor (points).
// Usage (from the repository root):
//   dotnet run -c Release --project tools/CallCentre.ForecastCheck -- ../shared/data [weeks] [weeks skipped at the end]
//   dotnet run -c Release --project tools/CallCentre.ForecastCheck -- intraday ../shared/data [weeks] [weeks skipped at the end]
//   dotnet run -c Release --project tools/CallCentre.ForecastCheck -- intraday-day ../shared/data 2003-10-08  (one US bank day as CSV)
using System.Diagnostics;
using System.Globalization;
using CallCentre.ForecastCheck;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

if (args.FirstOrDefault() == "intraday") return IntradayCheck.Run(args[1..]);
if (args.FirstOrDefault() == "intraday-day") return IntradayCheck.Day(args[1], DateOnly.Parse(args[2], CultureInfo.InvariantCulture));
var root = args.Length > 0 ? args[0] : "../shared/data";
var weeks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
// Design choices are made on earlier weeks (skip > 0), never on the final ones that the figures report.
var skip = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var series = SeriesFile.Series(root);
var exitCode = 0;
var summary = new List<(string Series, Dictionary<string, double?> Wape)>();
foreach (var (name, path, width, timeColumn, callsColumn) in series)
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{name}: {path} not found");
        exitCode = 1;
        continue;
    }
    var history = SeriesFile.Read(path, timeColumn, callsColumn);
    var closed = SeriesFile.ClosedDays(history);
    Console.WriteLine(Invariant($"{name}: {history.Count} intervals, {history[0].Start:yyyy-MM-dd} to {history[^1].Start:yyyy-MM-dd}"));
    Console.WriteLine($"  week from    {string.Join("  ", ForecastMethods.All.Select(m => $"{m.Name(),16}"))}  {"chosen (auto)",-30}  {"floor",6}  {"80 % cover",10}  seconds");
    var end = DateOnly.FromDateTime(history[^1].Start).AddDays(1 - 7 * skip).ToDateTime(TimeOnly.MinValue);
    var byMethod = ForecastMethods.All.ToDictionary(m => m, _ => new List<(double Forecast, double Actual)>());
    var chosen = new List<(double Forecast, double Actual)>();
    double floorDeviation = 0, floorCalls = 0;
    int covered = 0, scored = 0;
    for (var week = weeks; week >= 1; week--)
    {
        var from = end.AddDays(-7 * week);
        var to = from.AddDays(7);
        var past = history.Where(p => p.Start < from).ToList();
        var actual = history.Where(p => p.Start >= from && p.Start < to).ToDictionary(p => p.Start, p => p.Calls);
        var clock = Stopwatch.StartNew();
        var best = SeriesForecaster.Forecast(past, width, from, to, new ForecastOptions(ClosedDays: closed));
        var seconds = clock.Elapsed.TotalSeconds;
        var cells = new List<string>();
        foreach (var m in ForecastMethods.All)
        {
            var pairs = Pairs(SeriesForecaster.Forecast(past, width, from, to, new ForecastOptions(m, ClosedDays: closed)), actual);
            byMethod[m].AddRange(pairs);
            cells.Add(Invariant($"{ForecastAccuracy.Of(pairs).Wape,16:P1}"));
        }
        var bestPairs = Pairs(best, actual);
        chosen.AddRange(bestPairs);
        var deviation = actual.Values.Sum(PoissonMeanAbsoluteDeviation);
        var calls = actual.Values.Sum();
        (floorDeviation, floorCalls) = (floorDeviation + deviation, floorCalls + calls);
        var intervals = best.Intervals.ToDictionary(p => p.Start);
        var weekCovered = actual.Count(a => intervals.TryGetValue(a.Key, out var i) && i.Low <= a.Value && a.Value <= i.High);
        (covered, scored) = (covered + weekCovered, scored + actual.Count);
        Console.WriteLine(Invariant($"  {from:yyyy-MM-dd}   {string.Join("  ", cells)}  {best.Method.Name(),-16} {ForecastAccuracy.Of(bestPairs).Wape,13:P1}  {deviation / calls,6:P1}  {(double)weekCovered / actual.Count,10:P1}  {seconds,7:0.00}"));
    }
    var wapes = ForecastMethods.All.ToDictionary(m => m.Name(), m => ForecastAccuracy.Of(byMethod[m]).Wape);
    wapes["chosen (auto)"] = ForecastAccuracy.Of(chosen).Wape;
    wapes["Poisson floor"] = floorDeviation / floorCalls;
    wapes["80 % coverage"] = (double)covered / scored;
    wapes["auto vs 4-wk mean"] = wapes["chosen (auto)"] / wapes[ForecastMethod.WeekdayMean.Name()] - 1;
    wapes["auto − floor"] = wapes["chosen (auto)"] - wapes["Poisson floor"];
    summary.Add((name, wapes));
    Console.WriteLine(Invariant($"  {weeks} weeks      {string.Join("  ", ForecastMethods.All.Select(m => Invariant($"{wapes[m.Name()],16:P1}")))}  {"",-16} {wapes["chosen (auto)"],13:P1}  {floorDeviation / floorCalls,6:P1}  {(double)covered / scored,10:P1}"));
    Console.WriteLine();
}
Console.WriteLine(Invariant($"WAPE over the last {weeks} weeks{(skip > 0 ? Invariant($" before the last {skip}") : "")}, one week ahead"));
Console.WriteLine($"  {"",-18}{string.Join("", summary.Select(s => $"{s.Series,30}"))}");
foreach (var row in summary.FirstOrDefault().Wape?.Keys ?? Enumerable.Empty<string>())
    Console.WriteLine($"  {row,-18}{string.Join("", summary.Select(s => Invariant($"{s.Wape[row],30:P2}")))}");
return exitCode;

// Each actual against its forecast; an actual the forecast left out (closed hours) counts as forecast 0.
static List<(double Forecast, double Actual)> Pairs(SeriesForecast forecast, Dictionary<DateTime, double> actual)
{
    var predicted = forecast.Forecast.ToDictionary(p => p.Start, p => p.Calls);
    return [.. actual.Select(a => (predicted.GetValueOrDefault(a.Key), a.Value))];
}

// E|X − λ| for X ~ Poisson(λ) = 2e^{−λ}·λ^{⌊λ⌋+1}/⌊λ⌋!: the WAPE even a perfect forecast of the mean cannot beat
// when arrivals are Poisson. λ is each interval's actual count, so the floor does not depend on any forecast.
static double PoissonMeanAbsoluteDeviation(double lambda)
{
    if (lambda <= 0) return 0;
    var n = Math.Floor(lambda);
    var logFactorial = 0.0;
    for (var i = 2; i <= n; i++) logFactorial += Math.Log(i);
    return 2 * Math.Exp(-lambda + (n + 1) * Math.Log(lambda) - logFactorial);
}
