// Forecasts each of the last weeks of each real arrival series one week ahead from all the data before it and
// prints every method's WAPE, the method the holdout chose, the Poisson floor and the 80 % intervals' coverage; the
// summary adds how the chosen method compares with the 4-week same-weekday mean (relative) and the floor (points).
// Usage (from the repository root):
//   dotnet run -c Release --project tools/CallCentre.ForecastCheck -- ../shared/data [weeks] [weeks skipped at the end]
using System.Diagnostics;
using System.Globalization;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

var root = args.Length > 0 ? args[0] : "../shared/data";
var weeks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
// Design choices are made on earlier weeks (skip > 0), never on the final ones that the figures report.
var skip = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var series = new (string Name, string Path, int IntervalMinutes, string TimeColumn, string CallsColumn)[]
{
    ("us-bank-2003 (5 min)", Path.Combine(root, "us-bank-2003", "calls-per-5min.csv"), 5, "DateTime", "Calls"),
    ("anonymous-bank-1999 (6 min)", Path.Combine(root, "anonymous-bank-1999", "calls-per-6min.csv"), 6, "interval_start", "calls"),
};
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
    var history = Read(path, timeColumn, callsColumn);
    var closed = ClosedDays(history);
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

// The series' calendar, as a centre knows its holidays ahead: the weekdays it opens on, absent from the data.
static HashSet<DateOnly> ClosedDays(List<IntervalCount> history)
{
    var seen = history.Select(p => DateOnly.FromDateTime(p.Start)).ToHashSet();
    var weekdays = seen.Select(d => d.DayOfWeek).ToHashSet();
    var closed = new HashSet<DateOnly>();
    for (var day = seen.Min(); day <= seen.Max(); day = day.AddDays(1))
        if (weekdays.Contains(day.DayOfWeek) && !seen.Contains(day)) closed.Add(day);
    return closed;
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
