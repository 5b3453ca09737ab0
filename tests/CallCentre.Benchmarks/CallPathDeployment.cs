using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using Npgsql;

namespace CallCentre.Benchmarks;

/// <summary>The distributed deployment the call-path bench drives, as <c>deploy/local/run-distributed.sh</c> starts it: a
/// RabbitMQ node and a PostgreSQL server from <c>deploy/local/infra.sh</c> (on <c>CC_RABBIT_PORT</c>, <c>CC_PG_PORT</c>,
/// <c>CC_EPMD_PORT</c>; or the ones <c>CALLCENTRE_TEST_RABBITMQ</c> and <c>CALLCENTRE_TEST_POSTGRES</c> name), the Release
/// build of <c>CallCentre.Host</c> migrated, then one process for <c>routing</c> and one for <c>dashboard</c> on
/// <c>CC_BASE_PORT</c> + 1 and + 0. Routing signs users in (demo users of the bench's centre, one password); the
/// Dashboard signs its own warm-up token with the same key.</summary>
internal sealed class CallPathDeployment : IAsyncDisposable
{
    private readonly List<ModuleProcess> _modules = [];
    private string? _infraDir;
    private string? _database;
    private string? _pgServer;

    public required string Repo { get; init; }
    public required string CentreFile { get; init; }
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    public string RabbitUri { get; private set; } = "";
    public Uri RoutingUrl { get; private set; } = null!;
    public Uri DashboardUrl { get; private set; } = null!;
    public ModuleProcess Routing => _modules[0];
    public ModuleProcess Dashboard => _modules[1];
    public IReadOnlyList<ModuleProcess> Modules => _modules;
    /// <summary>The RabbitMQ node's pid and the PostgreSQL postmaster's, when this run started them (for their CPU).</summary>
    public (int? Rabbit, int? Postgres) InfraPids { get; private set; }

    public static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CallCentre.sln")))
                return dir.FullName;
        throw new InvalidOperationException("CallCentre.sln not found above the bench's folder.");
    }

    public async Task StartAsync()
    {
        var rabbit = Environment.GetEnvironmentVariable("CALLCENTRE_TEST_RABBITMQ");
        _pgServer = Environment.GetEnvironmentVariable("CALLCENTRE_TEST_POSTGRES");
        if (string.IsNullOrEmpty(rabbit) || string.IsNullOrEmpty(_pgServer))
        {
            _infraDir = Directory.CreateTempSubdirectory("callcentre-callpath-").FullName;
            Console.WriteLine($"starting RabbitMQ (127.0.0.1:{Env("CC_RABBIT_PORT", "25672")}) and PostgreSQL (127.0.0.1:{Env("CC_PG_PORT", "25432")}) with deploy/local/infra.sh under {_infraDir}");
            await RunAsync("bash", ["-c", $"source deploy/local/infra.sh && cc_infra_install && cc_infra_start '{_infraDir}'"], Repo);
            rabbit = $"amqp://guest:guest@127.0.0.1:{Env("CC_RABBIT_PORT", "25672")}/";
            _pgServer = $"Host=127.0.0.1;Port={Env("CC_PG_PORT", "25432")};Username=postgres;Password=postgres";
            InfraPids = (ReadPid(Path.Combine(_infraDir, "rabbit", "pid")), ReadPid(Path.Combine(_infraDir, "pg", "data", "postmaster.pid")));
        }
        RabbitUri = rabbit;

        _database = $"callpath_routing_{Guid.NewGuid():N}"[..32];
        await using (var admin = new NpgsqlConnection(_pgServer + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var basePort = int.Parse(Env("CC_BASE_PORT", "7300"));
        RoutingUrl = new Uri($"http://127.0.0.1:{basePort + 1}");
        DashboardUrl = new Uri($"http://127.0.0.1:{basePort}");
        var signingKey = SigningKeys.NewPrivateKeyPem();
        var common = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["ConnectionStrings__RabbitMq"] = rabbit,
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Routing"] = $"{_pgServer};Database={_database}",
            ["Simulator__Enabled"] = "false",
            ["Centre__File"] = CentreFile,
            ["Auth__SigningKey"] = signingKey,
            ["Auth__DemoUsers"] = "true",
            ["Auth__DemoPassword"] = Password,
            // Every agent signs in from this one address at start.
            ["Auth__AttemptsPerAddressPerMinute"] = "100000",
            ["Telephony__CallerHashKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var host = HostDll();
        Console.WriteLine($"migrating Routing's database {_database}");
        await RunAsync("dotnet", [host, "migrate", "--modules", "routing"], Path.GetDirectoryName(host)!, common);

        // As deploy/local/run-distributed.sh starts them (docs/deploy.md): the Dashboard with workstation GC and a larger array pool.
        _modules.Add(ModuleProcess.Start(host, "routing", RoutingUrl, common));
        _modules.Add(ModuleProcess.Start(host, "dashboard", DashboardUrl, new Dictionary<string, string>(common)
        {
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION"] = "4096",
            ["Dashboard__RoutingUrl"] = RoutingUrl.ToString().TrimEnd('/'),
        }));
        foreach (var module in _modules)
            await module.WaitReadyAsync();
        Console.WriteLine($"module logs in {ModuleProcess.LogFolder}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var module in _modules)
            await module.DisposeAsync();
        if (_database is not null && _pgServer is not null)
        {
            try
            {
                await using var admin = new NpgsqlConnection(_pgServer + ";Database=postgres");
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException) { }
        }
        if (_infraDir is not null)
        {
            Console.WriteLine("stopping RabbitMQ and PostgreSQL");
            try { await RunAsync("bash", ["-c", $"source deploy/local/infra.sh && CC_INFRA_QUIET=1 cc_infra_stop '{_infraDir}'"], Repo); }
            catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); }
            try { Directory.Delete(_infraDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private string HostDll()
    {
        var dll = Path.Combine(Repo, "services", "Host", "bin", "Release", "net10.0", "CallCentre.Host.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} not found: run `dotnet build services/Host -c Release` first.");
    }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault()?.Trim(), out var pid) ? pid : null;

    private static async Task RunAsync(string file, string[] args, string directory, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args.Take(3))} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }
}

/// <summary>One <c>CallCentre.Host --modules X</c> process; its last output lines are kept for a failure's message.</summary>
internal sealed class ModuleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Uri _url;
    private readonly ConcurrentQueue<string> _log = new();

    private ModuleProcess(Process process, Uri url, string module)
    {
        (_process, _url, Module) = (process, url, module);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Module { get; }
    public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    public static ModuleProcess Start(string dll, string module, Uri url, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--modules", module, "--urls", url.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (k, v) in env)
            start.Environment[k] = v;
        return new ModuleProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {module}."), url, module);
    }

    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Module} exited ({_process.ExitCode}):\n{string.Join('\n', _log)}");
            try
            {
                if ((await http.GetAsync(new Uri(_url, "/health/ready"))).IsSuccessStatusCode)
                {
                    Console.WriteLine($"{Module} ready on {_url} (pid {_process.Id}) in {clock.Elapsed.TotalSeconds:F1} s");
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Module} was not ready in 180 s:\n{string.Join('\n', _log)}");
    }

    public string LogTail(int lines) => string.Join('\n', _log.TakeLast(lines));

    /// <summary>Where the process's whole output goes (the bench prints the folder).</summary>
    public static string LogFolder { get; } = Directory.CreateTempSubdirectory("callpath-logs-").FullName;

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) File.AppendAllText(Path.Combine(LogFolder, Module + ".log"), line + "\n");
        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _)) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>The bench's centre: tenants with two queues each, every agent serving every queue, no wrap-up (an agent takes its
/// next call as soon as it completes one), offers ringing 15 s.</summary>
internal static class CallPathCentre
{
    public const int Tenants = 3;

    public static IReadOnlyList<string> QueueIds { get; } =
        Enumerable.Range(0, Tenants).SelectMany(t => new[] { $"t{t}-sales", $"t{t}-support" }).ToArray();

    public static string AgentId(int i) => $"a{i:0000}";

    public static async Task<string> WriteAsync(int agents)
    {
        var file = Path.Combine(Path.GetTempPath(), $"callpath-centre-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            tenants = Enumerable.Range(0, Tenants).Select(t => new { id = $"t{t}", name = $"Client {t}", timeZone = "Europe/Paris", language = "fr" }),
            queues = QueueIds.Select(q => new
            {
                id = q, tenantId = q[..2], name = q, lineOfBusiness = "banking", language = "fr",
                requiredSkills = new Dictionary<string, int> { ["fr"] = 1 },
                priority = 5, serviceLevelThresholdSeconds = 20, serviceLevelTarget = 0.8, wrapUpSeconds = 0, offerTimeoutSeconds = 15,
            }),
            agents = Enumerable.Range(0, agents).Select(i => new { id = AgentId(i), name = $"Agent {i}", skills = new Dictionary<string, int> { ["fr"] = 3 } }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return file;
    }
}
