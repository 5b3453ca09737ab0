using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Dashboard;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting;
using CallCentre.Simulator.Live;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Benchmarks;

/// <summary>The wallboard under load: the Dashboard module alone (in-memory bus) on a loopback port, N supervisor
/// connections over WebSockets opened by a second process (<see cref="WallboardClients"/>, this program started again in
/// its "clients" mode), and every queue's snapshot published once a second. Each tile's lag is measured by the clients
/// from the instant of the event it shows to its arrival; memory and CPU are the server process's own.</summary>
public static class WallboardBench
{
    public static async Task RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "clients")
        {
            await WallboardClients.RunAsync(args[1..]);
            return;
        }
        // The server runs as the Dashboard process is deployed (docs/deploy.md): workstation GC (this program's own), and a
        // shared array pool that keeps the transport's buffers between bursts, an environment variable read at start: set it
        // and start again when it is missing.
        if (Environment.GetEnvironmentVariable(ArrayPoolVariable) is null)
        {
            using var again = WallboardClients.StartSelf(["wallboard", .. args], new Dictionary<string, string> { [ArrayPoolVariable] = DashboardArrayPool },
                redirect: false);
            await again.WaitForExitAsync();
            Environment.ExitCode = again.ExitCode;
            return;
        }
        var connections = args.Length > 0 && int.TryParse(args[0], out var c) ? c : 2000;
        var queues = args.Length > 1 && int.TryParse(args[1], out var q) ? q : 200;
        var seconds = args.Length > 2 && int.TryParse(args[2], out var s) ? s : 20;
        var rows = args.Length <= 3 || args[3] != "tiles"; // the page's feed; "tiles": whole QueueMetrics, as .NET clients get
        var messagePack = args.Length > 4 && args[4] == "msgpack"; // the clients' hub protocol; JSON (the page's) by default
        var tenants = Math.Max(1, queues / 10);

        var centreFile = Path.Combine(Path.GetTempPath(), $"wallboard-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(centreFile, JsonSerializer.Serialize(new
        {
            tenants = Enumerable.Range(0, tenants).Select(t => new { id = $"t{t:00}", name = $"Client {t:00}", timeZone = "Europe/Paris", language = "fr" }),
            queues = Enumerable.Range(0, queues).Select(i => new
            {
                id = $"q{i:000}", tenantId = $"t{i % tenants:00}", name = $"Queue {i:000}", lineOfBusiness = "banking", language = "fr",
                requiredSkills = new Dictionary<string, int> { ["fr"] = 1 },
            }),
            agents = new[] { new { id = "agent01", name = "Agent", skills = new Dictionary<string, int> { ["fr"] = 3 } } },
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0", "--Centre:File", centreFile,
            "--Auth:DemoUsers", "true", "--Auth:DemoPassword", BenchPassword, "--Auth:TokenLifetimeMinutes", "120",
            "--Logging:LogLevel:Default", "Warning", "--Data", Path.GetTempPath()]);
        builder.AddCallCentreDefaults([new DashboardModule()]);
        await using var app = builder.Build();
        app.MapCallCentreDefaults();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var token = await new PlatformClient(new HttpClient { BaseAddress = address }).LoginAsync("supervisor", BenchPassword, default);

        var memoryBefore = Memory();
        using var clients = WallboardClients.Start(address, token, connections, rows, messagePack);
        var connected = await clients.ReadAsync("connected");
        var memoryAfter = Memory();
        Console.WriteLine($"Wallboard: {connections:N0} supervisor connections (WebSockets, loopback, from a second process) in {connected[0]} s; " +
                          $"{queues} queues over {tenants} client companies, every snapshot published once a second for {seconds} s; " +
                          $"updates as {(rows ? "TileRows (?updates=rows, the page's feed)" : "whole QueueMetrics tiles")}, " +
                          $"hub protocol {(messagePack ? "MessagePack" : "JSON (the page's)")}.");
        Console.WriteLine($"server memory per connection: managed {(memoryAfter.Managed - memoryBefore.Managed) / (double)connections / 1024:F1} KiB, " +
                          $"working set {(memoryAfter.WorkingSet - memoryBefore.WorkingSet) / (double)connections / 1024:F1} KiB " +
                          $"(server process {memoryAfter.WorkingSet / 1048576.0:F0} MiB)");

        var bus = app.Services.GetRequiredService<IBus>();
        var queueIds = Enumerable.Range(0, queues).Select(i => (Id: $"q{i:000}", Tenant: $"t{i % tenants:00}")).ToArray();
        var board = app.Services.GetRequiredService<QueueBoard>();
        var tenantIds = queueIds.Select(q => q.Tenant).ToHashSet();
        var published = new List<double>();
        var onBoard = new List<double>();
        // The broadcaster's own figures: each push's oldest tile age when it starts, and the time to hand it to every connection.
        var ages = new List<double>();
        var pushes = new List<double>();
        var measuringPushes = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WallboardBroadcaster.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (!Volatile.Read(ref measuringPushes)) return;
            lock (ages)
                (instrument.Name == "callcentre.wallboard.tiles.age" ? ages : pushes).Add(value);
        });
        listener.Start();
        var wall = Stopwatch.StartNew();
        var cpuAtStart = TimeSpan.Zero;
        var gcAtStart = (Pause: TimeSpan.Zero, Gen2: 0);
        var allocatedAtStart = 0L;
        var gen0AtStart = 0;
        for (var second = 0; second < seconds + WarmUpSeconds; second++)
        {
            if (second == WarmUpSeconds)
            {
                await clients.SendAsync("measure");
                Volatile.Write(ref measuringPushes, true);
                cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                gcAtStart = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
                allocatedAtStart = GC.GetTotalAllocatedBytes();
                gen0AtStart = GC.CollectionCount(0);
            }
            var at = DateTimeOffset.UtcNow;
            await Task.WhenAll(queueIds.Select(q => bus.Publish(new QueueSnapshot(q.Tenant, q.Id, second % 7, second, 1, 0, 0, 0, 0, at))));
            published.Add((DateTimeOffset.UtcNow - at).TotalMilliseconds);
            // The share of the lag before the broadcaster: until every tile holds this second's snapshot.
            while (board.ForTenants(tenantIds).Any(t => t.UpdatedAt < at) && DateTimeOffset.UtcNow - at < TimeSpan.FromSeconds(1))
                await Task.Delay(2);
            onBoard.Add((DateTimeOffset.UtcNow - at).TotalMilliseconds);
            var next = TimeSpan.FromSeconds(second + 1) - wall.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last ticks drain
        Volatile.Write(ref measuringPushes, false);
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var serverGc = (Pause: GC.GetTotalPauseDuration() - gcAtStart.Pause, Gen2: GC.CollectionCount(2) - gcAtStart.Gen2);
        var serverAllocated = GC.GetTotalAllocatedBytes() - allocatedAtStart;
        var serverGcs = GC.CollectionCount(0) - gen0AtStart;
        var memoryAtEnd = Memory(); // with the buffers the bursts left in the pools
        await clients.SendAsync("stop");
        var perBurst = rows ? (await clients.ReadAsync("bursts"))[0] : "";
        var report = await clients.ReadAsync("histogram");
        var clientCpu = TimeSpan.FromMilliseconds(double.Parse(report[0], System.Globalization.CultureInfo.InvariantCulture));
        var messages = long.Parse(report[1], System.Globalization.CultureInfo.InvariantCulture);
        var histogram = report[2].Split(',').Select(long.Parse).ToArray();
        var (clientGcPause, clientGen2) = (report[3], report[4]);

        var total = histogram.Sum();
        long Percentile(double p)
        {
            var rank = (long)Math.Ceiling(p * total);
            long seen = 0;
            for (var ms = 0; ms < histogram.Length; ms++)
                if ((seen += histogram[ms]) >= rank) return ms;
            return histogram.Length - 1;
        }
        var expected = (double)connections * queues * seconds;
        Console.WriteLine($"server memory per connection after the run (the pools holding the bursts' buffers): managed " +
                          $"{(memoryAtEnd.Managed - memoryBefore.Managed) / (double)connections / 1024:F1} KiB, working set " +
                          $"{(memoryAtEnd.WorkingSet - memoryBefore.WorkingSet) / (double)connections / 1024:F1} KiB (server process {memoryAtEnd.WorkingSet / 1048576.0:F0} MiB)");
        Console.WriteLine($"tile deliveries measured: {total:N0} of {expected:N0} expected ({total / (double)seconds:N0}/s; every connection " +
                          $"sees every queue, each queue changes once a second)");
        Console.WriteLine($"tile messages: {messages / (double)connections / seconds:F1} per connection per second, {total / (double)Math.Max(1, messages):F0} tiles each");
        Console.WriteLine($"lag event → tile: p50 {Percentile(0.50)} ms, p99 {Percentile(0.99)} ms, p99.9 {Percentile(0.999)} ms, max {Percentile(1.0)} ms");
        if (rows)
            Console.WriteLine($"per second (burst): worst lag ms / tiles later than 250 ms: {perBurst}");
        Console.WriteLine($"event → published on the in-memory bus: median {Median(published):F0} ms, max {published.Max():F0} ms; " +
                          $"→ every tile on the board (consumers done): median {Capped(Median(onBoard))} ms, max {Capped(onBoard.Max())} ms");
        lock (ages)
            Console.WriteLine($"broadcaster: {pushes.Count} pushes; event → push starts (oldest tile): median {Median(ages):F0} ms, max {ages.DefaultIfEmpty().Max():F0} ms; " +
                              $"push handed to every connection in: median {Median(pushes):F0} ms, max {pushes.DefaultIfEmpty().Max():F0} ms");
        Console.WriteLine($"CPU over the {seconds + 2} s measured: server {serverCpu.TotalSeconds / (seconds + 2) * 100:F0} % of a core, " +
                          $"clients {clientCpu.TotalSeconds / (seconds + 2) * 100:F0} % of a core (2 cores, shared); per tile delivered: " +
                          $"server {serverCpu.TotalMicroseconds / Math.Max(1, total):F2} µs, clients {clientCpu.TotalMicroseconds / Math.Max(1, total):F2} µs");

        Console.WriteLine($"server allocations: {serverAllocated / (double)Math.Max(1, messages):N0} bytes per message delivered, " +
                          $"{serverAllocated / 1048576.0 / (seconds + 2):F0} MiB/s, {serverGcs} collections in {seconds + 2} s (server GC: {System.Runtime.GCSettings.IsServerGC})");
        Console.WriteLine($"GC pauses over the {seconds + 2} s: server {serverGc.Pause.TotalMilliseconds:F0} ms ({serverGc.Gen2} gen 2), " +
                          $"clients {clientGcPause} ms ({clientGen2} gen 2)");

        await clients.SendAsync("exit");
        await clients.WaitAsync();
        await app.StopAsync();
        File.Delete(centreFile);
    }

    /// <summary>Bursts before the measured ones. The first seconds after 2,000 connections arrive are the JIT's (tier-1
    /// compilation of the push and receive paths took an eighth of the CPU in a profile, and the first two measured bursts
    /// after a 2 s warm-up reached 550–584 ms while every later one stayed under 200 ms): a wallboard server runs all day.</summary>
    private const int WarmUpSeconds = 10;

    /// <summary>The shared array pool's size per size class and core in the Dashboard process (docs/deploy.md): the SignalR
    /// transport rents a few 4 and 8 KiB buffers per connection for each burst, far more than the default 32 it keeps, so
    /// that every burst allocated about 18 KB per connection anew (about 350 ms of GC pauses in 22 s, against 30 ms).</summary>
    private const string ArrayPoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION", DashboardArrayPool = "4096";
    private const string BenchPassword = "wallboard-bench-password";

    private static string Capped(double ms) => ms >= 1000 ? "≥ 1000" : ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(true), self.WorkingSet64);
    }
}
