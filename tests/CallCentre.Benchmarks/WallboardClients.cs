using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CallCentre.Benchmarks;

/// <summary>The wallboard bench's supervisors, in a process of their own so that the server's figures are the server's.
/// Driven over stdin/stdout: it prints <c>connected &lt;seconds&gt;</c> once every connection has its snapshot, counts
/// every tile received between <c>measure</c> and <c>stop</c> by its lag (the tile's <c>updatedAt</c>, the instant of the
/// event it shows, to its arrival; <c>QueueMetrics</c> or, with the rows feed, <c>TileRows</c>), then prints <c>histogram &lt;cpu ms&gt; &lt;count per ms, 0 to 10 s&gt;</c>.</summary>
public static class WallboardClients
{
    /// <summary>The one field the bench reads: the JSON protocol skips the others without building them.</summary>
    private sealed record TileStamp(DateTimeOffset UpdatedAt);

    public static async Task RunAsync(string[] args)
    {
        var address = new Uri(args[0]);
        var token = args[1];
        var connections = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rows = args[3] == "rows";
        var histogram = new long[10_001]; // milliseconds, last bucket: 10 s and more
        var measuring = false;
        var snapshots = 0;
        var hubs = new List<HubConnection>(connections);
        var connect = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, connections).Chunk(50))
        {
            hubs.AddRange(await Task.WhenAll(batch.Select(async _ =>
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(address, rows ? "/hubs/wallboard?updates=rows" : "/hubs/wallboard"), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .Build();
                var first = true;
                hub.On<List<TileStamp>>("QueueMetrics", tiles =>
                {
                    if (first)
                    {
                        first = false;
                        Interlocked.Increment(ref snapshots);
                    }
                    if (!Volatile.Read(ref measuring)) return;
                    var now = DateTimeOffset.UtcNow;
                    foreach (var tile in tiles)
                        Count(histogram, (long)(now - tile.UpdatedAt).TotalMilliseconds);
                });
                hub.On<JsonElement>("TileRows", batch =>
                {
                    if (!Volatile.Read(ref measuring)) return;
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    var at = batch.GetProperty("fields").EnumerateArray().TakeWhile(f => f.GetString() != "updatedAt").Count();
                    foreach (var row in batch.GetProperty("rows").EnumerateArray())
                        Count(histogram, now - row[at].GetInt64());
                });
                await hub.StartAsync();
                return hub;
            })));
        }
        while (Volatile.Read(ref snapshots) < connections)
            await Task.Delay(10);
        connect.Stop();
        Console.WriteLine($"connected {connect.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");

        var cpuAtStart = TimeSpan.Zero;
        // stdin is read on a thread of its own: a blocking read on one of the pool's two threads would slow every connection.
        var commands = System.Threading.Channels.Channel.CreateUnbounded<string>();
        new Thread(() =>
        {
            while (Console.ReadLine() is { } line)
                commands.Writer.TryWrite(line);
            commands.Writer.TryComplete();
        }) { IsBackground = true }.Start();
        await foreach (var command in commands.Reader.ReadAllAsync())
        {
            switch (command)
            {
                case "measure":
                    cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    Volatile.Write(ref measuring, true);
                    break;
                case "stop":
                    Volatile.Write(ref measuring, false);
                    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds;
                    Console.WriteLine($"histogram {cpu.ToString("F0", CultureInfo.InvariantCulture)} {string.Join(',', histogram)}");
                    break;
                case "exit":
                    foreach (var hub in hubs) await hub.DisposeAsync();
                    return;
            }
        }
    }

    private static void Count(long[] histogram, long lagMilliseconds) =>
        Interlocked.Increment(ref histogram[Math.Clamp(lagMilliseconds, 0, histogram.Length - 1)]);

    /// <summary>Starts this program again in its clients mode.</summary>
    public static Driver Start(Uri address, string token, int connections, bool rows)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") // run as `dotnet CallCentre.Benchmarks.dll`
            start.ArgumentList.Add(typeof(WallboardClients).Assembly.Location);
        foreach (var arg in new[] { "wallboard", "clients", address.ToString(), token, connections.ToString(CultureInfo.InvariantCulture), rows ? "rows" : "tiles" })
            start.ArgumentList.Add(arg);
        return new Driver(Process.Start(start)!);
    }

    public sealed class Driver(Process process) : IDisposable
    {
        public async Task SendAsync(string command)
        {
            await process.StandardInput.WriteLineAsync(command);
            await process.StandardInput.FlushAsync();
        }

        /// <summary>The words after the next line that starts with <paramref name="word"/>.</summary>
        public async Task<string[]> ReadAsync(string word)
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == word)
                    return parts[1..];
            }
            throw new InvalidOperationException($"The clients process ended before saying '{word}' (exit code {process.ExitCode}).");
        }

        public Task WaitAsync() => process.WaitForExitAsync();

        public void Dispose()
        {
            if (!process.HasExited)
                process.Kill();
            process.Dispose();
        }
    }
}
