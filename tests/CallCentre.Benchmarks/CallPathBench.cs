using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CallCentre.Benchmarks;

/// <summary>The distributed call path: a call posted to Routing's telephony API until its offer reaches the chosen agent's
/// desk over the Dashboard's SignalR hub, with Routing and the Dashboard as separate Host processes on RabbitMQ and
/// PostgreSQL (<see cref="CallPathDeployment"/>). Calls are posted open loop, each at its scheduled instant whatever the
/// previous ones are doing; the agents (<see cref="CallPathAgents"/>) answer and complete so that capacity holds. Each
/// call's latency runs from just before its post is sent to its ringing desk's arrival, both on this process's
/// <see cref="Stopwatch"/>; the breakdown uses the instants the offer carries (all processes share the machine's clock).</summary>
public static class CallPathBench
{
    public static async Task RunAsync(string[] args)
    {
        var rate = Arg(args, 0, 300);
        var seconds = Arg(args, 1, 60);
        var agents = Arg(args, 2, 500);
        var talk = TimeSpan.FromMilliseconds(Arg(args, 3, 1000));
        var warmSeconds = Arg(args, 4, 10);
        if (rate < 1 || seconds < 1 || agents < 1 || warmSeconds < 0)
            throw new ArgumentException("usage: callpath [calls per second] [seconds] [agents] [talk ms] [warm-up seconds]");
        Console.WriteLine($"Call path: {rate} calls/s for {seconds} s (after {warmSeconds} s of warm-up at the same rate), {agents} agents, " +
                          $"talk {talk.TotalMilliseconds:F0} ms, no wrap-up; {CallPathCentre.Tenants} tenants, {CallPathCentre.QueueIds.Count} queues");

        var repo = CallPathDeployment.FindRepo();
        var centre = await CallPathCentre.WriteAsync(agents);
        await using var deployment = new CallPathDeployment { Repo = repo, CentreFile = centre };
        try
        {
            await deployment.StartAsync();
            await using var probe = new CallPathProbe();
            await probe.StartAsync(deployment.RabbitUri);
            await using var desks = new CallPathAgents(deployment.RoutingUrl, deployment.DashboardUrl, deployment.Password, talk);
            await desks.ConnectAsync(agents);
            var pbxToken = await desks.SignInAsync("pbx");
            var loop = new LoopProfile(deployment.RoutingUrl, await desks.SignInAsync("admin"));
            await RunLoadAsync(deployment, probe, desks, pbxToken, loop, rate, seconds, warmSeconds);
        }
        catch
        {
            foreach (var module in deployment.Modules)
                Console.Error.WriteLine($"--- {module.Module} log ---\n{module.LogTail(40)}");
            throw;
        }
        finally
        {
            File.Delete(centre);
        }
    }

    private static async Task RunLoadAsync(CallPathDeployment deployment, CallPathProbe probe, CallPathAgents desks, string pbxToken,
        LoopProfile loop, int rate, int seconds, int warmSeconds)
    {
        using var pbx = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = deployment.RoutingUrl, Timeout = TimeSpan.FromSeconds(30),
        };
        pbx.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pbxToken);
        var warm = rate * warmSeconds;
        var total = warm + rate * seconds;
        var sent = new long[total];
        var sentAt = new DateTimeOffset[total];
        var answered = new long[total];
        var callIds = new Guid[total];
        var failures = new string?[total];
        var lateness = new long[total];
        var posts = new Task[total];
        var queues = CallPathCentre.QueueIds;
        var random = new Random(42);
        var numbers = Enumerable.Range(0, total).Select(_ => $"+3361{random.Next(10_000_000, 99_999_999)}").ToArray();

        async Task PostAsync(int i)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telephony/calls")
                {
                    Content = JsonContent.Create(new { queueId = queues[i % queues.Count], callerNumber = numbers[i] }),
                };
                sentAt[i] = DateTimeOffset.UtcNow;
                sent[i] = Stopwatch.GetTimestamp();
                using var response = await pbx.SendAsync(request);
                answered[i] = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    failures[i] = $"{(int)response.StatusCode}";
                    return;
                }
                callIds[i] = (await response.Content.ReadFromJsonAsync<CallAccepted>())!.CallId;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures[i] = e.GetType().Name;
            }
        }

        var cpu = new CpuMeter(deployment);
        CpuMeter.Sample? measuredFrom = null;
        Task<Dictionary<string, double>>? loopFrom = null;
        var loadAtStart = LoadAverage();
        Console.WriteLine($"posting: load average {loadAtStart} at start");
        // One thread keeps the schedule: call i is due at i / rate seconds. It sleeps between calls (no spinning on a shared
        // machine), so a post may leave up to about a millisecond late; that lateness is reported, and latency counts from the send.
        var scheduler = new Thread(() =>
        {
            var period = Stopwatch.Frequency / (double)rate;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * period);
                long now;
                while ((now = Stopwatch.GetTimestamp()) < due)
                    Thread.Sleep(Math.Max(1, (int)((due - now) * 1000 / Stopwatch.Frequency)));
                if (i == warm)
                {
                    measuredFrom = cpu.Take();
                    loopFrom = loop.ScrapeAsync();
                }
                lateness[i] = now - due;
                posts[i] = PostAsync(i);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "callpath-schedule" };
        scheduler.Start();
        scheduler.Join();
        var measuredTo = cpu.Take();
        var loopTo = await loop.ScrapeAsync();
        var loadAtEnd = LoadAverage();
        await Task.WhenAll(posts);
        // Offers still on their way (and the probe's copies) get a few seconds.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(10) &&
               Enumerable.Range(warm, total - warm).Any(i => callIds[i] != Guid.Empty && !desks.Offers.ContainsKey(callIds[i])))
            await Task.Delay(200);

        var measured = Enumerable.Range(warm, total - warm).ToArray();
        var accepted = measured.Where(i => callIds[i] != Guid.Empty).ToArray();
        var offered = accepted.Where(i => desks.Offers.ContainsKey(callIds[i])).ToArray();
        var ms = 1000.0 / Stopwatch.Frequency;
        var latency = offered.Select(i => (desks.Offers[callIds[i]].Ticks - sent[i]) * ms).ToArray();
        var response = measured.Where(i => answered[i] != 0).Select(i => (answered[i] - sent[i]) * ms).ToArray();

        Console.WriteLine();
        Console.WriteLine($"calls posted {measured.Length:N0} (accepted {accepted.Length:N0}, refused or failed {measured.Length - accepted.Length:N0}" +
                          $"{Failures(measured.Select(i => failures[i]))}), offered to a desk {offered.Length:N0}, missing {accepted.Length - offered.Length:N0}");
        Console.WriteLine($"post sent -> offer at the agent's desk (SignalR): {Percentiles(latency)}");
        Console.WriteLine($"post sent -> HTTP answer (202):                  {Percentiles(response)}");
        Console.WriteLine($"sender lateness against the schedule:           {Percentiles(measured.Select(i => lateness[i] * ms).ToArray())}");
        Console.WriteLine($"agents: {desks.Completed:N0} calls completed, {desks.AnswerErrors} answers and {desks.CompleteErrors} completions refused");
        Console.WriteLine($"load average: {loadAtStart} when posting began, {loadAtEnd} when it ended (1, 5, 15 min)");
        if (measuredFrom is { } from)
            Console.WriteLine(cpu.Report(from, measuredTo));
        if (loopFrom is not null)
            Console.WriteLine(LoopProfile.Report(await loopFrom, loopTo));

        // Where the time goes, per call, on the machine's wall clock: the offer carries the engine's instant (the start of the
        // loop's batch) and the desk when the Dashboard built it; the probe saw when Routing published.
        var parts = offered.Select(i =>
        {
            var seen = desks.Offers[callIds[i]];
            var published = probe.Published.TryGetValue(callIds[i], out var p) ? p : (DateTimeOffset?)null;
            return (Ingress: (seen.OfferedAt - sentAt[i]).TotalMilliseconds,
                Commit: published is { } a ? (a - seen.OfferedAt).TotalMilliseconds : double.NaN,
                Consume: published is { } b ? (seen.DeskBuiltAt - b).TotalMilliseconds : double.NaN,
                Push: (seen.ArrivedAt - seen.DeskBuiltAt).TotalMilliseconds);
        }).ToArray();
        Console.WriteLine("breakdown (ms; each part's own percentiles, so they do not add up to the total's):");
        Console.WriteLine($"  1 post sent -> engine's batch begins (Kestrel, auth, checks, caller hash, wait for the loop): {Percentiles(parts.Select(p => p.Ingress).ToArray())}");
        Console.WriteLine($"  2 batch begins -> offer published (engine, PostgreSQL commit of the batch, publish):          {Percentiles(parts.Select(p => p.Commit).Where(double.IsFinite).ToArray())}");
        Console.WriteLine($"  3 published -> desk built in the Dashboard (RabbitMQ, consumer, board):                     {Percentiles(parts.Select(p => p.Consume).Where(double.IsFinite).ToArray())}");
        Console.WriteLine($"  4 desk built -> at the agent's client (SignalR send, WebSocket, client):                    {Percentiles(parts.Select(p => p.Push).ToArray())}");
        var slow = parts.Zip(latency).Where(x => x.Second >= Quantile(latency.OrderBy(v => v).ToArray(), 0.99)).Select(x => x.First).ToArray();
        if (slow.Length > 0)
            Console.WriteLine($"  the slowest 1 % ({slow.Length} calls), mean of each part: 1 {slow.Average(p => p.Ingress):F1}, " +
                              $"2 {slow.Select(p => p.Commit).Where(double.IsFinite).DefaultIfEmpty().Average():F1}, " +
                              $"3 {slow.Select(p => p.Consume).Where(double.IsFinite).DefaultIfEmpty().Average():F1}, 4 {slow.Average(p => p.Push):F1}");
        if (accepted.Length > offered.Length || offered.Length == 0)
            Environment.ExitCode = 1;
    }

    private sealed record CallAccepted(Guid CallId);

    /// <summary>The routing loop's own histograms (<c>/metrics</c>, meter CallCentre.Routing): each phase's time per batch over the measured window.</summary>
    private sealed class LoopProfile(Uri routing, string adminToken)
    {
        private readonly HttpClient _http = new() { BaseAddress = routing, Timeout = TimeSpan.FromSeconds(30) };

        /// <summary>Every <c>callcentre_routing_loop_*_sum</c> and <c>_count</c>, keyed by name and phase.</summary>
        public async Task<Dictionary<string, double>> ScrapeAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            using var response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
            {
                if (!line.StartsWith("callcentre_routing_loop_", StringComparison.Ordinal) || line.Split(' ') is not [var series, var value, ..])
                    continue;
                var name = series.Split('{')[0];
                if (!name.EndsWith("_sum", StringComparison.Ordinal) && !name.EndsWith("_count", StringComparison.Ordinal))
                    continue;
                var phase = System.Text.RegularExpressions.Regex.Match(series, "phase=\"(\\w+)\"").Groups[1].Value;
                values[$"{name}/{phase}"] = double.Parse(value, CultureInfo.InvariantCulture);
            }
            return values;
        }

        public static string Report(Dictionary<string, double> from, Dictionary<string, double> to)
        {
            double Delta(string key) => to.GetValueOrDefault(key) - from.GetValueOrDefault(key);
            var batches = to.Keys.Where(k => k.Contains("_batch") && k.EndsWith("_count/", StringComparison.Ordinal)).Select(Delta).FirstOrDefault();
            if (batches <= 0)
                return "routing loop: no batch measured (no callcentre_routing_loop_* series in /metrics)";
            var operations = to.Keys.Where(k => k.Contains("_batch") && k.EndsWith("_sum/", StringComparison.Ordinal)).Select(Delta).FirstOrDefault();
            var phases = to.Keys.Where(k => k.Contains("_phase") && k.Contains("_sum/")).OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => string.Create(CultureInfo.InvariantCulture,
                    $"{k[(k.IndexOf('/') + 1)..]} {Delta(k) / Math.Max(1, Delta(k.Replace("_sum/", "_count/"))):F2} ms x {Delta(k.Replace("_sum/", "_count/")):N0} ({Delta(k) / 1000:F1} s)"));
            return string.Create(CultureInfo.InvariantCulture,
                $"routing loop: {batches:N0} batches, {operations / batches:F1} operations each; per phase, mean time x times (total): {string.Join(", ", phases)}");
        }
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static string Failures(IEnumerable<string?> failures) =>
        string.Concat(failures.OfType<string>().GroupBy(f => f).Select(g => $"; {g.Key}: {g.Count()}"));

    /// <summary>Exact percentiles of a sorted copy (every sample kept: no histogram buckets).</summary>
    internal static string Percentiles(double[] samples)
    {
        if (samples.Length == 0) return "no samples";
        var sorted = samples.OrderBy(v => v).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Quantile(sorted, 0.5),7:F2}  p99 {Quantile(sorted, 0.99),7:F2}  p99.9 {Quantile(sorted, 0.999),7:F2}  max {sorted[^1],8:F2} ms  (n {sorted.Length:N0})");
    }

    /// <summary>The nearest-rank quantile: the smallest sample with at least <paramref name="q"/> of the samples at or below it.</summary>
    internal static double Quantile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>CPU time of each part over the measured window, and of the machine (from /proc), so that the figures say what
    /// else ran: the machine's busy time minus this deployment's is the other processes'.</summary>
    private sealed class CpuMeter(CallPathDeployment deployment)
    {
        public sealed record Sample(DateTimeOffset At, TimeSpan Routing, TimeSpan Dashboard, TimeSpan Bench, double RabbitSeconds, double PostgresSeconds,
            double MachineBusySeconds);

        private static readonly double Tick = 1.0 / 100; // USER_HZ

        public Sample Take() => new(DateTimeOffset.UtcNow, deployment.Routing.CpuTime, deployment.Dashboard.CpuTime,
            Process.GetCurrentProcess().TotalProcessorTime, ProcessSeconds(deployment.InfraPids.Rabbit, withChildren: true),
            ProcessSeconds(deployment.InfraPids.Postgres, withChildren: true), MachineBusy());

        public string Report(Sample a, Sample b)
        {
            var wall = (b.At - a.At).TotalSeconds;
            string Cores(double s) => (s / wall).ToString("F2", CultureInfo.InvariantCulture);
            var ours = (b.Routing - a.Routing).TotalSeconds + (b.Dashboard - a.Dashboard).TotalSeconds + (b.Bench - a.Bench).TotalSeconds +
                       b.RabbitSeconds - a.RabbitSeconds + b.PostgresSeconds - a.PostgresSeconds;
            var machine = b.MachineBusySeconds - a.MachineBusySeconds;
            return $"CPU over the measured {wall:F0} s, in cores busy: routing {Cores((b.Routing - a.Routing).TotalSeconds)}, " +
                   $"dashboard {Cores((b.Dashboard - a.Dashboard).TotalSeconds)}, bench (PBX + agents) {Cores((b.Bench - a.Bench).TotalSeconds)}, " +
                   (deployment.InfraPids.Rabbit is null ? "broker and database not started here; " :
                       $"rabbitmq {Cores(b.RabbitSeconds - a.RabbitSeconds)}, postgresql {Cores(b.PostgresSeconds - a.PostgresSeconds)}; ") +
                   $"whole machine {Cores(machine)} of {Environment.ProcessorCount}, other processes {Cores(Math.Max(0, machine - ours))}";
        }

        private static double MachineBusy()
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            return (cpu.Sum() - cpu[3] - cpu[4]) * Tick; // all but idle and iowait
        }

        // utime + stime of a process, and of its children (PostgreSQL's backends) when asked.
        private static double ProcessSeconds(int? pid, bool withChildren)
        {
            if (pid is null) return 0;
            double total = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var p)) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (p == pid || (withChildren && parent == pid))
                    total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * Tick;
            }
            return total;
        }
    }
}
