using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Benchmarks;

/// <summary>The wallboard bench's supervisors, in a process of their own so that the server's figures are the server's.
/// Driven over stdin/stdout: it prints <c>connected &lt;seconds&gt;</c> once every connection has its snapshot, counts
/// every tile received between <c>measure</c> and <c>stop</c> by its lag (the tile's <c>updatedAt</c>, the instant of the
/// event it shows, to its arrival; <c>QueueMetrics</c> or, with the rows feed, <c>TileRows</c>), then prints <c>histogram &lt;cpu ms&gt; &lt;messages&gt; &lt;count per ms, 0 to 10 s&gt; &lt;GC pauses ms&gt; &lt;gen 2 GCs&gt;</c>.</summary>
public static class WallboardClients
{
    /// <summary>The one field the bench reads: the JSON protocol skips the others without building them, and so does
    /// <see cref="TileStampFormatter"/> with MessagePack.</summary>
    [MessagePackFormatter(typeof(TileStampFormatter))]
    internal sealed record TileStamp(DateTimeOffset UpdatedAt);

    public static async Task RunAsync(string[] args)
    {
        var address = new Uri(args[0]);
        var token = args[1];
        var connections = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rows = args[3] == "rows";
        var messagePack = args.Length > 4 && args[4] == "msgpack";
        // 2,000 receive loops on a 2-core machine: threads ready for a burst rather than injected one by one after it began.
        ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount), Math.Max(16, Environment.ProcessorCount));
        // Per thread, so that counting 400,000 tiles a second costs no shared atomics: milliseconds, last bucket 10 s and more.
        using var histograms = new ThreadLocal<long[]>(() => new long[10_001], trackAllValues: true);
        // Per burst (the event instant its rows carry): the worst lag and how many rows came later than 250 ms, per thread.
        using var bursts = new ThreadLocal<Dictionary<long, (long Worst, long Late)>>(() => new(), trackAllValues: true);
        var measuring = false;
        var snapshots = 0;
        long messages = 0;
        var hubs = new List<HubConnection>(connections);
        var connect = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, connections).Chunk(50))
        {
            hubs.AddRange(await Task.WhenAll(batch.Select(async _ =>
            {
                var builder = new HubConnectionBuilder()
                    .WithUrl(new Uri(address, rows ? "/hubs/wallboard?updates=rows" : "/hubs/wallboard"), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    });
                if (messagePack)
                    builder.AddMessagePackProtocol();
                var hub = builder.Build();
                var first = true;
                hub.On<List<TileStamp>>("QueueMetrics", tiles =>
                {
                    if (first)
                    {
                        first = false;
                        Interlocked.Increment(ref snapshots);
                    }
                    if (!Volatile.Read(ref measuring)) return;
                    Interlocked.Increment(ref messages);
                    var now = DateTimeOffset.UtcNow;
                    foreach (var tile in tiles)
                        Count(histograms.Value!, (long)(now - tile.UpdatedAt).TotalMilliseconds);
                });
                hub.On<RowStamps>("TileRows", batch =>
                {
                    if (!Volatile.Read(ref measuring)) return;
                    Interlocked.Increment(ref messages);
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    var histogram = histograms.Value!;
                    var perBurst = bursts.Value!;
                    foreach (var updatedAt in batch.UpdatedAt)
                    {
                        Count(histogram, now - updatedAt);
                        var (worst, late) = perBurst.GetValueOrDefault(updatedAt);
                        perBurst[updatedAt] = (Math.Max(worst, now - updatedAt), late + (now - updatedAt > 250 ? 1 : 0));
                    }
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
        var gcAtStart = (Pause: TimeSpan.Zero, Gen2: 0);
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
                    gcAtStart = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
                    Volatile.Write(ref measuring, true);
                    break;
                case "stop":
                    Volatile.Write(ref measuring, false);
                    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds;
                    var gcPause = (GC.GetTotalPauseDuration() - gcAtStart.Pause).TotalMilliseconds;
                    var byBurst = bursts.Values.SelectMany(d => d).GroupBy(kv => kv.Key).OrderBy(g => g.Key)
                        .Select(g => $"{g.Max(kv => kv.Value.Worst)}/{g.Sum(kv => kv.Value.Late)}");
                    Console.WriteLine($"bursts {string.Join(',', byBurst)}");
                    Console.WriteLine($"histogram {cpu.ToString("F0", CultureInfo.InvariantCulture)} {Interlocked.Read(ref messages)} {string.Join(',', Enumerable.Range(0, 10_001).Select(ms => histograms.Values.Sum(h => h[ms])))} " +
                                      $"{gcPause.ToString("F0", CultureInfo.InvariantCulture)} {GC.CollectionCount(2) - gcAtStart.Gen2}");
                    break;
                case "exit":
                    foreach (var hub in hubs) await hub.DisposeAsync();
                    return;
            }
        }
    }

    /// <summary>The <c>updatedAt</c> of each row of a <c>TileRows</c> message, read without building the rest.</summary>
    [JsonConverter(typeof(RowStampsConverter))]
    [MessagePackFormatter(typeof(RowStampsFormatter))]
    internal sealed record RowStamps(List<long> UpdatedAt);

    /// <summary>A <c>TileRows</c> message over MessagePack (a map <c>Fields</c>, <c>Rows</c>): only <c>updatedAt</c> is
    /// built, every other value is skipped.</summary>
    internal sealed class RowStampsFormatter : IMessagePackFormatter<RowStamps>
    {
        public RowStamps Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var stamps = new List<long>();
            var at = -1;
            for (var properties = reader.ReadMapHeader(); properties > 0; properties--)
            {
                var name = reader.ReadString();
                if (string.Equals(name, "fields", StringComparison.OrdinalIgnoreCase))
                {
                    for (int i = 0, n = reader.ReadArrayHeader(); i < n; i++)
                        if (reader.ReadString() == "updatedAt") at = i;
                }
                else if (string.Equals(name, "rows", StringComparison.OrdinalIgnoreCase))
                {
                    if (at < 0) throw new MessagePackSerializationException("TileRows: rows before fields, or no updatedAt field.");
                    for (int r = 0, rowCount = reader.ReadArrayHeader(); r < rowCount; r++)
                        for (int i = 0, n = reader.ReadArrayHeader(); i < n; i++)
                            if (i == at) stamps.Add(reader.ReadInt64());
                            else reader.Skip();
                }
                else
                    reader.Skip();
            }
            return new RowStamps(stamps);
        }

        public void Serialize(ref MessagePackWriter writer, RowStamps value, MessagePackSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>A whole <c>QueueMetrics</c> tile over MessagePack: only <c>UpdatedAt</c> is built.</summary>
    internal sealed class TileStampFormatter : IMessagePackFormatter<TileStamp>
    {
        public TileStamp Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var updatedAt = DateTimeOffset.MinValue;
            for (var properties = reader.ReadMapHeader(); properties > 0; properties--)
            {
                if (string.Equals(reader.ReadString(), "updatedAt", StringComparison.OrdinalIgnoreCase))
                    updatedAt = options.Resolver.GetFormatterWithVerify<DateTimeOffset>().Deserialize(ref reader, options);
                else
                    reader.Skip();
            }
            return new TileStamp(updatedAt);
        }

        public void Serialize(ref MessagePackWriter writer, TileStamp value, MessagePackSerializerOptions options) => throw new NotSupportedException();
    }

    private sealed class RowStampsConverter : JsonConverter<RowStamps>
    {
        public override RowStamps Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var stamps = new List<long>();
            var at = -1;
            reader.Read(); // the object's first property
            while (reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "fields")
                {
                    for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                        if (reader.ValueTextEquals("updatedAt")) at = i;
                }
                else if (name == "rows")
                {
                    if (at < 0) throw new JsonException("TileRows: rows before fields, or no updatedAt field.");
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                            if (i == at) stamps.Add(reader.GetInt64());
                }
                else
                    reader.Skip();
                reader.Read();
            }
            return new RowStamps(stamps);
        }

        public override void Write(Utf8JsonWriter writer, RowStamps value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    private static void Count(long[] histogram, long lagMilliseconds) => histogram[Math.Clamp(lagMilliseconds, 0, histogram.Length - 1)]++;

    /// <summary>Starts this program again in its clients mode.</summary>
    public static Driver Start(Uri address, string token, int connections, bool rows, bool messagePack) =>
        new(StartSelf(["wallboard", "clients", address.ToString(), token, connections.ToString(CultureInfo.InvariantCulture), rows ? "rows" : "tiles",
            messagePack ? "msgpack" : "json"], ClientEnvironment, redirect: true));

    /// <summary>The clients stand for 2,000 browsers on other machines: here they share the server's 2 cores, so they are made
    /// as light as the runtime allows (none of this applies to the server): workstation GC with a 64 MiB young generation (a
    /// collection every few seconds instead of several a second, each pausing all 2,000 receive loops), socket completions
    /// run on the thread that polled them instead of a hop through the thread pool, and the server's array-pool setting
    /// removed.</summary>
    private static readonly Dictionary<string, string> ClientEnvironment = new()
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0size"] = "0x4000000",
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
        ["DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION"] = "",
    };

    /// <summary>This program again with <paramref name="args"/> and these environment variables (an empty value removes one).</summary>
    public static Process StartSelf(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, bool redirect)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = redirect, RedirectStandardOutput = redirect, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") // run as `dotnet CallCentre.Benchmarks.dll`
            start.ArgumentList.Add(typeof(WallboardClients).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
        {
            if (value.Length == 0) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start this program again.");
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
