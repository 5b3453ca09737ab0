using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CallCentre.Hosting.Auth;
using Dapper;
using Npgsql;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The platform as it runs distributed: four processes of the Host binary (routing, scheduling, slatracking,
/// dashboard) on the real RabbitMQ and PostgreSQL that tests/run.sh started, each with its own database, sharing only
/// the broker and the token keys: routing and dashboard sign tokens (the private key, demo users on), scheduling and
/// slatracking only verify them (the public key). Names are unique to this run so that runs never see each other's data.</summary>
public sealed class DistributedPlatform(params string[] modules) : IAsyncDisposable
{
    public static readonly string[] ModuleNames = ["routing", "scheduling", "slatracking", "dashboard"];
    private readonly string[] _started = modules.Length > 0 ? modules : ModuleNames;
    private readonly string _run = "t" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, (Process Process, Uri Address)> _modules = new();
    /// <summary>The demo users' password in these processes (they run in the Production environment).</summary>
    public const string DemoPassword = "distributed-test-password";
    public static readonly string[] Issuers = ["routing", "dashboard"];
    private readonly string _signingKey = SigningKeys.NewPrivateKeyPem();
    private readonly string _hashKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    public ConcurrentQueue<string> Output { get; } = new();

    public Uri this[string module] => _modules[module].Address;

    /// <summary>Further environment of one process (by its name, e.g. <c>routing#2</c>), set before <see cref="StartAsync"/>.</summary>
    public Dictionary<string, Dictionary<string, string>> Settings { get; } = new(StringComparer.Ordinal);

    public string DatabaseName(string module) => $"cc_{_run}_{module}";

    public async Task StartAsync()
    {
        foreach (var module in _started)
            Launch(module, new Uri($"http://127.0.0.1:{FreePort()}"));
        foreach (var module in _started)
            await WaitReadyAsync(module);
    }

    /// <summary>Kills a module's process outright (no graceful shutdown), as a crash would.</summary>
    public async Task KillAsync(string module)
    {
        var process = _modules[module].Process;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Output.Enqueue($"[{module}] --- killed ---");
    }

    /// <summary>Starts a module again on the same address and waits until it is ready.</summary>
    public async Task RestartAsync(string module)
    {
        _modules[module].Process.Dispose();
        Launch(module, _modules[module].Address);
        await WaitReadyAsync(module);
    }

    /// <summary>Starts <paramref name="module"/> (a module, or a further replica of one: <c>dashboard#2</c>).</summary>
    private void Launch(string module, Uri address)
    {
        var hosted = module.Split('#')[0];
        var rabbit = TestInfrastructure.RabbitMq;
        var postgres = TestInfrastructure.Postgres;
        var hostDll = HostBinary();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { hostDll, "--modules", hosted, "--urls", address.ToString().TrimEnd('/') })
            start.ArgumentList.Add(arg);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Messaging__Transport"] = "RabbitMq";
        env["Messaging__EndpointPrefix"] = _run;
        env["ConnectionStrings__RabbitMq"] = rabbit;
        env["Database__Provider"] = "Postgres";
        foreach (var m in new[] { "Routing", "Scheduling", "SlaTracking", "Dashboard" })
            env[$"ConnectionStrings__{m}"] = $"{postgres};Database={DatabaseName(m.ToLowerInvariant())}";
        // A Dashboard reads the current boards from whichever of these this run started before it.
        foreach (var (source, key) in new[] { ("routing", "RoutingUrl"), ("slatracking", "SlaTrackingUrl"), ("scheduling", "SchedulingUrl") })
            if (_modules.TryGetValue(source, out var started))
                env[$"Dashboard__{key}"] = started.Address.ToString();
        if (Issuers.Contains(hosted))
        {
            env["Auth__SigningKey"] = _signingKey;
            env["Auth__DemoUsers"] = "true";
            env["Auth__DemoPassword"] = DemoPassword;
        }
        else
            env["Auth__VerificationKeys"] = SigningKeys.PublicJwksOf(_signingKey);
        env["Telephony__CallerHashKey"] = _hashKey;
        env["Simulator__Enabled"] = "false";
        env["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in Settings.GetValueOrDefault(module) ?? [])
            env[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue($"[{module}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue($"[{module}!] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _modules[module] = (process, address);
    }

    private async Task WaitReadyAsync(string module)
    {
        var (process, address) = _modules[module];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The {module} process exited ({process.ExitCode}):\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(address, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The {module} process was not ready within 120 s (is RabbitMQ at {TestInfrastructure.RabbitMq} and PostgreSQL up?):\n{Tail()}");
            await Task.Delay(250);
        }
    }

    public string Tail(int lines = 80) => string.Join('\n', Output.TakeLast(lines));

    /// <summary>Every row of every table of every module's database, as text.</summary>
    public async Task<List<string>> AllRowsAsync()
    {
        var rows = new List<string>();
        foreach (var module in ModuleNames)
        {
            await using var connection = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database={DatabaseName(module)}");
            try { await connection.OpenAsync(); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName) { continue; } // a module without a database
            var tables = await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
            foreach (var table in tables)
                rows.AddRange(await connection.QueryAsync<string>($"SELECT t::text FROM \"{table}\" t"));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in _modules.Values)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
            process.Dispose();
        }
        try
        {
            await using var connection = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database=postgres");
            await connection.OpenAsync();
            foreach (var module in ModuleNames)
                await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{DatabaseName(module)}\" WITH (FORCE)");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Cleaning up a throwaway server is best effort; the test's own outcome stands.
        }
    }

    /// <summary>The Host built in the same configuration as these tests (tests/run.sh builds the whole solution).</summary>
    internal static string HostBinary()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(TestInfrastructure.RepoRoot, "services", "Host", "bin", configuration, "net10.0", "CallCentre.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
