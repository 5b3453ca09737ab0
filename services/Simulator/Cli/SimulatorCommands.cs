using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallCentre.Simulator.Live;
using CallCentre.Simulator.RealData;
using CallCentre.Simulator.Scenarios;
using CallCentre.Simulator.Virtual;

namespace CallCentre.Simulator.Cli;

public static class SimulatorCommands
{
    private const string Usage = """
        usage:
          virtual --scenario FILE [--out RESULT.json]        run a scenario through the routing engine in virtual time
          trace-from-records --records FILE --date YYMMDD --out TRACE.json [--served-patience censored|never]
                             [--staffing servers|busy] [--seed N]
                                                             turn a day of the Anonymous Bank 1999 records into a trace scenario
          replay --scenario TRACE.json                       run a trace and compare with what its records say
          replay --records FILE --date YYMMDD[,YYMMDD…] [--served-patience censored|never] [--staffing servers|busy]
                                                             the same straight from the records, a markdown table row per day
          live --scenario FILE --target URL [--speed N] [--duration S] [--agent-login agent{0:00}] [--password demo] [--retry-for S]
               [--truth FILE.json] [--stop-file FILE]
                                                             play the scenario against a running platform through its API;
                                                             --retry-for: seconds the PBX keeps retrying a call post (default 30);
                                                             --truth: also write the ground truth, per queue and call by call;
                                                             --stop-file: no more calls once FILE exists
          bench [--calls N] [--agents N]                     N calls (default 1000000) in virtual mode: wall time and memory
        """;

    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var options = ParseOptions(args.Skip(1).ToArray());
            return args[0] switch
            {
                "virtual" => RunVirtual(options, output),
                "trace-from-records" => TraceFromRecords(options, output),
                "replay" => Replay(options, output),
                "bench" => Bench(options, output),
                "live" => Live(options, output),
                _ => Fail(error, $"unknown command \"{args[0]}\"\n{Usage}"),
            };
        }
        catch (ScenarioException e)
        {
            return Fail(error, e.Message);
        }
        catch (UsageException e)
        {
            return Fail(error, $"{e.Message}\n{Usage}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException)
        {
            return Fail(error, e.Message);
        }
    }

    private static int RunVirtual(Dictionary<string, string> options, TextWriter output)
    {
        var scenario = ScenarioFile.Load(Required(options, "scenario"));
        var result = VirtualCentre.Run(scenario);
        var json = JsonSerializer.Serialize(result, Output);
        if (options.TryGetValue("out", out var path))
        {
            File.WriteAllText(path, json);
            output.WriteLine($"{result.Calls} calls in {result.WallSeconds:0.000} s → {path}");
        }
        else
        {
            output.WriteLine(json);
        }
        return 0;
    }

    private static int TraceFromRecords(Dictionary<string, string> options, TextWriter output)
    {
        var records = Required(options, "records");
        var date = Required(options, "date");
        var outPath = Required(options, "out");
        var trace = BuildTrace(records, date, options);
        ScenarioFile.Save(trace, outPath);
        output.WriteLine($"{trace.Calls!.Count} calls, up to {trace.Agents![0].Count} agents on duty → {outPath}");
        return 0;
    }

    private static int Replay(Dictionary<string, string> options, TextWriter output)
    {
        if (options.TryGetValue("scenario", out var path))
        {
            var scenario = ScenarioFile.Load(path);
            output.WriteLine(ReplayHeader);
            output.WriteLine(ReplayRow(Path.GetFileNameWithoutExtension(path), scenario));
            return 0;
        }
        var records = Required(options, "records");
        output.WriteLine(ReplayHeader);
        foreach (var date in Required(options, "date").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var trace = BuildTrace(records, date, options);
            var json = JsonSerializer.Serialize(trace, ScenarioFile.Json);
            output.WriteLine(ReplayRow(date, ScenarioFile.Parse(json)));
        }
        return 0;
    }

    private const string ReplayHeader = """
        | day | offered | peak agents | abandoned: records | abandoned: simulated | answered ≤ 20 s: records | answered ≤ 20 s: simulated | occupancy: records | occupancy: simulated |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        """;

    private static string ReplayRow(string day, ValidScenario scenario)
    {
        var observed = scenario.Observed ?? throw new InvalidOperationException("the scenario carries no observed figures to compare with (make it with trace-from-records)");
        var result = VirtualCentre.Run(scenario);
        var simulated = result.Queues.Aggregate((Offered: 0, Abandoned: 0, Within: 0),
            (sum, q) => (sum.Offered + q.Offered, sum.Abandoned + q.Abandoned, sum.Within + q.AnsweredWithinThreshold));
        static string Share(int part, int whole) => whole == 0 ? "–" : ((double)part / whole).ToString("0.0 %", CultureInfo.InvariantCulture);
        return $"| {day} | {observed.Offered} | {scenario.Agents.Max(a => a.Count)} | {Share(observed.Abandoned, observed.Offered)} | " +
               $"{Share(simulated.Abandoned, simulated.Offered)} | {Share(observed.AnsweredWithinThreshold, observed.Offered)} | " +
               $"{Share(simulated.Within, simulated.Offered)} | {observed.Occupancy.ToString("0.00", CultureInfo.InvariantCulture)} | " +
               $"{result.AgentOccupancy.ToString("0.00", CultureInfo.InvariantCulture)} |";
    }

    private static Scenario BuildTrace(string records, string date, Dictionary<string, string> options)
    {
        if (!File.Exists(records))
            throw new UsageException($"--records: no such file {records}");
        if (date.Length != 6 || !date.All(char.IsAsciiDigit))
            throw new UsageException($"--date: expected YYMMDD (e.g. 990301), not \"{date}\"");
        var patience = options.GetValueOrDefault("served-patience", "censored") switch
        {
            "censored" => ServedPatience.Censored,
            "never" => ServedPatience.Never,
            var other => throw new UsageException($"--served-patience: censored or never, not \"{other}\""),
        };
        var staffing = options.GetValueOrDefault("staffing", "servers") switch
        {
            "servers" => StaffingEstimate.Servers,
            "busy" => StaffingEstimate.BusyTime,
            var other => throw new UsageException($"--staffing: servers or busy, not \"{other}\""),
        };
        var seed = options.TryGetValue("seed", out var s) ? ParseInt(s, "seed") : 1999;
        var day = BankRecords.ReadDay(records, date);
        if (day.Count == 0)
            throw new UsageException($"--date: no call on {date} in {records}");
        return BankRecords.ToTrace(day, $"{Path.GetFileName(records)} {date}", seed, patience, staffing);
    }

    private static int Live(Dictionary<string, string> options, TextWriter output)
    {
        var scenario = ScenarioFile.Load(Required(options, "scenario"));
        if (!Uri.TryCreate(Required(options, "target"), UriKind.Absolute, out var target))
            throw new UsageException("--target: an absolute URL such as http://localhost:5080");
        var live = new LiveOptions(
            Speed: options.TryGetValue("speed", out var speed) ? ParseDouble(speed, "speed") : 1,
            AgentLogin: options.GetValueOrDefault("agent-login", "agent{0:00}"),
            Password: options.GetValueOrDefault("password", "demo"),
            DurationSeconds: options.TryGetValue("duration", out var duration) ? ParseDouble(duration, "duration") : null,
            Retry: options.TryGetValue("retry-for", out var retryFor)
                ? CallRetryPolicy.Default with { GiveUpAfter = TimeSpan.FromSeconds(ParseDouble(retryFor, "retry-for")) } : null,
            StopPlacing: options.TryGetValue("stop-file", out var stopFile) ? () => File.Exists(stopFile) : null);
        using var http = new HttpClient { BaseAddress = target };
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var result = new LiveTraffic(scenario, new PlatformClient(http), live, output, TimeProvider.System).RunAsync(cancel.Token).GetAwaiter().GetResult();
        output.WriteLine("| queue | offered | answered | abandoned | answered within threshold | refused | placed after retry | unconfirmed |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var q in result.Queues)
            output.WriteLine($"| {q.Queue} | {q.Offered} | {q.Answered} | {q.Abandoned} | {q.AnsweredWithinThreshold} | {q.Refused} | {q.PlacedAfterRetry} | {q.Unconfirmed} |");
        foreach (var q in result.Contacts)
            output.WriteLine($"| {q.Queue} ({q.Kind}) | {q.Offered} | {q.Answered} | {q.Abandoned} | {q.AnsweredWithinThreshold} | {q.Refused} | | |");
        if (options.TryGetValue("truth", out var truth))
            File.WriteAllText(truth, JsonSerializer.Serialize(new { result.Queues, result.Contacts, result.AgentErrors, result.Calls }, Output));
        output.WriteLine($"agent errors ridden through: {result.AgentErrors}");
        output.WriteLine($"call posted → queued by the platform: {result.PostCallMs}");
        output.WriteLine($"call offered → the agent's phone rings (agents poll every 100 ms): {result.OfferSeenMs}");
        output.WriteLine($"event → the supervisor's wallboard tile (SignalR): {result.DashboardLagMs}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.WallSeconds:0.0} s wall"));
        return 0;
    }

    private static double ParseDouble(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0
            ? x : throw new UsageException($"--{name}: a positive number, not \"{text}\"");

    private static int Bench(Dictionary<string, string> options, TextWriter output)
    {
        var calls = options.TryGetValue("calls", out var c) ? ParseInt(c, "calls") : 1_000_000;
        var agents = options.TryGetValue("agents", out var a) ? ParseInt(a, "agents") : 100;
        var scenario = BenchScenario.Build(calls, agents);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        var result = VirtualCentre.Run(scenario);
        wall.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var offered = result.Queues.Sum(q => q.Offered);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Calls} calls ({offered} counted) over {scenario.Queues.Count} queues and {agents} agents in " +
            $"{wall.Elapsed.TotalSeconds:0.00} s wall ({result.Calls / wall.Elapsed.TotalSeconds:0} calls/s); " +
            $"peak working set {process.PeakWorkingSet64 / 1048576.0:0} MiB, managed heap now {GC.GetTotalMemory(false) / 1048576.0:0} MiB, " +
            $"allocated {allocated / 1048576.0:0} MiB in all; occupancy {result.AgentOccupancy:0.000}"));
        return 0;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new UsageException($"expected --option value, got \"{args[i]}\"");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required");

    private static int ParseInt(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"--{name}: a positive integer, not \"{text}\"");

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 1;
    }

    private sealed class UsageException(string message) : Exception(message);
}
