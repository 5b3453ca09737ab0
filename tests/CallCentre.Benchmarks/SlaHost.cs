using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace CallCentre.Benchmarks;

/// <summary>A <c>CallCentre.Host --modules slatracking</c> process (Release build) on RabbitMQ and PostgreSQL, for the SLA
/// ingest benchmark.</summary>
internal sealed class SlaHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;
    private readonly ConcurrentQueue<string> _log = new();

    private SlaHost(Process process, DirectoryInfo data)
    {
        _process = process;
        _data = data;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static async Task<SlaHost> StartAsync(string rabbit, string prefix, string connectionString, bool waitReady = true)
    {
        var dll = HostDll();
        var data = Directory.CreateTempSubdirectory("callcentre-slabench-");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--modules", "slatracking", "--urls", $"http://127.0.0.1:{port}", "--data", data.FullName])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["Messaging__Transport"] = "RabbitMq";
        start.Environment["ConnectionStrings__RabbitMq"] = rabbit;
        start.Environment["Messaging__EndpointPrefix"] = prefix;
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__SlaTracking"] = connectionString;
        start.Environment["Simulator__Enabled"] = "false";
        // The bench signs nobody in: the process only verifies tokens, with a public key.
        start.Environment["Auth__VerificationKeys"] = CallCentre.Hosting.Auth.SigningKeys.PublicJwksOf(CallCentre.Hosting.Auth.SigningKeys.NewPrivateKeyPem());
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var host = new SlaHost(Process.Start(start) ?? throw new InvalidOperationException("Could not start the Host."), data);
        if (waitReady)
        {
            try
            {
                await host.WaitReadyAsync(port);
            }
            catch
            {
                host.DumpLog();
                await host.DisposeAsync();
                throw;
            }
        }
        return host;
    }

    public int ProcessId => _process.Id;

    public void DumpLog()
    {
        foreach (var line in _log.TakeLast(30))
            Console.Error.WriteLine("host: " + line);
    }

    private async Task WaitReadyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The Host exited ({_process.ExitCode}).");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("The Host did not become ready in 180 s.");
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { _data.Delete(recursive: true); } catch (IOException) { }
    }

    private static string HostDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "services", "Host", "bin", "Release", "net10.0", "CallCentre.Host.dll");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException("services/Host/bin/Release/net10.0/CallCentre.Host.dll not found: run `dotnet build services/Host -c Release` first.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
