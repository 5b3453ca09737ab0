using System.Diagnostics;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Dashboard;
using CallCentre.Hosting;
using CallCentre.Simulator.Live;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCentre.Benchmarks;

/// <summary>The wallboard under load: the Dashboard module alone (in-memory bus) on a loopback port, N supervisor
/// connections over WebSockets, and every queue's snapshot published once a second. Each tile's lag is measured from the
/// instant of the event it shows to its arrival at the client. Server and clients share this process, so the memory per
/// connection quoted is an upper bound for the server's.</summary>
public static class WallboardBench
{
    public static async Task RunAsync(string[] args)
    {
        var connections = args.Length > 0 && int.TryParse(args[0], out var c) ? c : 2000;
        var queues = args.Length > 1 && int.TryParse(args[1], out var q) ? q : 200;
        var seconds = args.Length > 2 && int.TryParse(args[2], out var s) ? s : 20;
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
            "--urls", "http://127.0.0.1:0", "--Centre:File", centreFile, "--Auth:SigningKey", "bench-key",
            "--Logging:LogLevel:Default", "Warning", "--Data", Path.GetTempPath()]);
        builder.AddCallCentreDefaults([new DashboardModule()]);
        await using var app = builder.Build();
        app.MapCallCentreDefaults();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var token = await new PlatformClient(new HttpClient { BaseAddress = address }).LoginAsync("supervisor", "demo", default);

        var histogram = new long[10_001]; // milliseconds, last bucket: 10 s and more
        var measuring = false;
        var memoryBefore = Memory();
        var hubs = new List<HubConnection>(connections);
        var connect = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, connections).Chunk(50))
        {
            var started = batch.Select(async _ =>
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(address, "/hubs/wallboard"), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .Build();
                hub.On<List<JsonElement>>("QueueMetrics", tiles =>
                {
                    if (!Volatile.Read(ref measuring)) return;
                    var now = DateTimeOffset.UtcNow;
                    foreach (var tile in tiles)
                    {
                        var lag = (long)(now - tile.GetProperty("updatedAt").GetDateTimeOffset()).TotalMilliseconds;
                        Interlocked.Increment(ref histogram[Math.Clamp(lag, 0, 10_000)]);
                    }
                });
                await hub.StartAsync();
                return hub;
            });
            hubs.AddRange(await Task.WhenAll(started));
        }
        connect.Stop();
        var memoryAfter = Memory();
        Console.WriteLine($"Wallboard: {connections:N0} supervisor connections (WebSockets, loopback) in {connect.Elapsed.TotalSeconds:F1} s; " +
                          $"{queues} queues over {tenants} client companies, every snapshot published once a second for {seconds} s.");
        Console.WriteLine($"memory per connection (server and client in this process, so an upper bound for the server): " +
                          $"managed {(memoryAfter.Managed - memoryBefore.Managed) / (double)connections / 1024:F1} KiB, " +
                          $"working set {(memoryAfter.WorkingSet - memoryBefore.WorkingSet) / (double)connections / 1024:F1} KiB");

        var bus = app.Services.GetRequiredService<IBus>();
        var queueIds = Enumerable.Range(0, queues).Select(i => (Id: $"q{i:000}", Tenant: $"t{i % tenants:00}")).ToArray();
        var wall = Stopwatch.StartNew();
        for (var second = 0; second < seconds + 2; second++)
        {
            Volatile.Write(ref measuring, second >= 2); // two seconds of warm-up
            var at = DateTimeOffset.UtcNow;
            await Task.WhenAll(queueIds.Select(q => bus.Publish(new QueueSnapshot(q.Tenant, q.Id, second % 7, second, 1, 0, 0, 0, 0, at))));
            var next = TimeSpan.FromSeconds(second + 1) - wall.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last ticks drain
        Volatile.Write(ref measuring, false);

        var total = histogram.Sum();
        long Percentile(double p)
        {
            var rank = (long)Math.Ceiling(p * total);
            long seen = 0;
            for (var ms = 0; ms < histogram.Length; ms++)
                if ((seen += histogram[ms]) >= rank) return ms;
            return histogram.Length - 1;
        }
        Console.WriteLine($"tile deliveries measured: {total:N0} ({total / (double)seconds:N0}/s; at most {(double)connections * queues:N0}/s: " +
                          $"every connection sees every queue, and a queue that changes twice within a tick is sent once)");
        Console.WriteLine($"lag event → tile: p50 {Percentile(0.50)} ms, p99 {Percentile(0.99)} ms, p99.9 {Percentile(0.999)} ms, max {Percentile(1.0)} ms");

        foreach (var hub in hubs) await hub.DisposeAsync();
        await app.StopAsync();
        File.Delete(centreFile);
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (GC.GetTotalMemory(true), Process.GetCurrentProcess().WorkingSet64);
    }
}
