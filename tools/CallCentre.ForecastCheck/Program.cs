// Forecasts the last four weeks of each real arrival series, one week ahead at a time, and prints the
// WAPE of the chosen method next to the seasonal naive baseline's. Usage (from the repository root):
//   dotnet run -c Release --project tools/CallCentre.ForecastCheck -- ../shared/data
using System.Diagnostics;
using System.Globalization;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

var root = args.Length > 0 ? args[0] : "../shared/data";
var series = new (string Name, string Path, int IntervalMinutes, string TimeColumn, string CallsColumn)[]
{
    ("us-bank-2003 (5 min)", Path.Combine(root, "us-bank-2003", "calls-per-5min.csv"), 5, "DateTime", "Calls"),
    ("anonymous-bank-1999 (6 min)", Path.Combine(root, "anonymous-bank-1999", "calls-per-6min.csv"), 6, "interval_start", "calls"),
};
var exitCode = 0;
foreach (var (name, path, width, timeColumn, callsColumn) in series)
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{name}: {path} not found");
        exitCode = 1;
        continue;
    }
    var history = Read(path, timeColumn, callsColumn);
    Console.WriteLine(Invariant($"{name}: {history.Count} intervals, {history[0].Start:yyyy-MM-dd} to {history[^1].Start:yyyy-MM-dd}"));
    Console.WriteLine("  week from    chosen method      chosen WAPE  MAPE    seasonal-naive WAPE  MAPE    Poisson floor  seconds");
    var end = DateOnly.FromDateTime(history[^1].Start).AddDays(1).ToDateTime(TimeOnly.MinValue);
    var chosen = new List<(double Forecast, double Actual)>();
    var naive = new List<(double Forecast, double Actual)>();
    double floorDeviation = 0, floorCalls = 0;
    for (var week = 4; week >= 1; week--)
    {
        var from = end.AddDays(-7 * week);
        var to = from.AddDays(7);
        var past = history.Where(p => p.Start < from).ToList();
        var actual = history.Where(p => p.Start >= from && p.Start < to).ToDictionary(p => p.Start, p => p.Calls);
        var clock = Stopwatch.StartNew();
        var best = SeriesForecaster.Forecast(past, width, from, to);
        var seconds = clock.Elapsed.TotalSeconds;
        var baseline = SeriesForecaster.Forecast(past, width, from, to, new ForecastOptions(ForecastMethod.SeasonalNaive));
        if (Environment.GetEnvironmentVariable("FORECASTCHECK_ALL") is not null)
            foreach (var m in ForecastMethods.All)
                Console.WriteLine(Invariant($"    {m.Name(),-17} holdout {best.Candidates.Single(c => c.Method == m).Holdout.Wape,7:P1}  week {ForecastAccuracy.Of(Pairs(SeriesForecaster.Forecast(past, width, from, to, new ForecastOptions(m)), actual)).Wape,7:P1}"));
        var bestPairs = Pairs(best, actual);
        var naivePairs = Pairs(baseline, actual);
        chosen.AddRange(bestPairs);
        naive.AddRange(naivePairs);
        var a = ForecastAccuracy.Of(bestPairs);
        var b = ForecastAccuracy.Of(naivePairs);
        var deviation = bestPairs.Sum(p => PoissonMeanAbsoluteDeviation(p.Forecast));
        var calls = bestPairs.Sum(p => p.Forecast);
        (floorDeviation, floorCalls) = (floorDeviation + deviation, floorCalls + calls);
        Console.WriteLine(Invariant($"  {from:yyyy-MM-dd}   {best.Method.Name(),-17}  {a.Wape,11:P1}  {a.Mape,6:P1}  {b.Wape,19:P1}  {b.Mape,6:P1}  {deviation / calls,13:P1}  {seconds,7:0.00}"));
    }
    var all = ForecastAccuracy.Of(chosen);
    var allNaive = ForecastAccuracy.Of(naive);
    Console.WriteLine(Invariant($"  four weeks   chosen             {all.Wape,11:P1}  {all.Mape,6:P1}  {allNaive.Wape,19:P1}  {allNaive.Mape,6:P1}  {floorDeviation / floorCalls,13:P1}"));
    Console.WriteLine();
}
return exitCode;

// Each forecast interval against the actual; an actual the forecast left out (closed hours) counts as forecast 0.
static List<(double Forecast, double Actual)> Pairs(SeriesForecast forecast, Dictionary<DateTime, double> actual)
{
    var predicted = forecast.Forecast.ToDictionary(p => p.Start, p => p.Calls);
    return [.. actual.Select(a => (predicted.GetValueOrDefault(a.Key), a.Value))];
}

// E|X − λ| for X ~ Poisson(λ) = 2e^{−λ}·λ^{⌊λ⌋+1}/⌊λ⌋!: the WAPE even a perfect forecast of the mean
// cannot beat when arrivals are Poisson (the "Poisson floor" column, with λ the chosen forecast).
static double PoissonMeanAbsoluteDeviation(double lambda)
{
    if (lambda <= 0) return 0;
    var n = Math.Floor(lambda);
    var logFactorial = 0.0;
    for (var i = 2; i <= n; i++) logFactorial += Math.Log(i);
    return 2 * Math.Exp(-lambda + (n + 1) * Math.Log(lambda) - logFactorial);
}

// Times are local wall-clock times; the "Z" on the US bank's is a label, not UTC. Both files are plain
// comma-separated numbers and dates without quoting, so a split is all the parsing they need.
static List<IntervalCount> Read(string path, string timeColumn, string callsColumn)
{
    using var reader = new StreamReader(path);
    var header = reader.ReadLine()!.Split(',');
    var timeIndex = Array.IndexOf(header, timeColumn);
    var callsIndex = Array.IndexOf(header, callsColumn);
    if (timeIndex < 0 || callsIndex < 0) throw new InvalidDataException($"{path}: expected columns {timeColumn} and {callsColumn}.");
    var rows = new List<IntervalCount>();
    while (reader.ReadLine() is { } line)
    {
        if (line.Length == 0) continue;
        var fields = line.Split(',');
        var time = fields[timeIndex].Trim('"').TrimEnd('Z').Replace(' ', 'T');
        rows.Add(new IntervalCount(
            DateTime.ParseExact(time, ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None),
            double.Parse(fields[callsIndex], CultureInfo.InvariantCulture)));
    }
    rows.Sort((x, y) => x.Start.CompareTo(y.Start));
    return rows;
}
