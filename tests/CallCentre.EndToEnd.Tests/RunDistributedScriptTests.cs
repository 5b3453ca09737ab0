using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace CallCentre.EndToEnd.Tests;

/// <summary>deploy/local/run-distributed.sh as an operator runs it (on the RabbitMQ and PostgreSQL of this test run):
/// <c>--replicas 2</c> starts two processes of every module but Routing, a module process that dies is started again
/// with its exit code printed, <c>--partition</c> starts a Routing process per partition, each active for its own tenants, and
/// <c>--stop</c> ends them all.</summary>
[Collection(DistributedCollection.Name)]
public sealed partial class RunDistributedScriptTests
{
    private static readonly string[] Databases = ["callcentre_routing", "callcentre_scheduling", "callcentre_slatracking", "callcentre_dashboard"];

    [Fact]
    public Task Replicas2_StartsTwoOfEachModuleButRouting_AndAKilledProcessIsRestarted() => RunAsync(["--replicas", "2"],
        async (basePort, output, deployDir) =>
        {
            foreach (var (name, offset) in new[] { ("dashboard", 0), ("routing", 1), ("scheduling", 2), ("slatracking", 3),
                         ("dashboard-2", 10), ("scheduling-2", 12), ("slatracking-2", 13) })
                await ListedAndReadyAsync(name, basePort + offset, output);
            Assert.DoesNotContain(output, l => l.Contains("routing-2"));

            // A replica dies: the script says so, with the exit code, and starts it again on its port.
            var pids = Pids(deployDir);
            var victim = pids["slatracking-2"];
            Process.GetProcessById(victim).Kill();
            await EventuallyAsync(() => output.Any(l => l.Contains($"slatracking-2 (pid {victim}) exited with code 137")), "the exit reported", output, 30);
            await EventuallyAsync(() => output.Any(l => RestartedLine().IsMatch(l)), "the restart reported", output, 30);
            var restarted = int.Parse(output.Select(l => RestartedLine().Match(l)).First(m => m.Success).Groups[1].Value);
            Assert.NotEqual(victim, restarted);
            await EventuallyAsync(() => ReadyAsync(basePort + 13).Result == HttpStatusCode.OK, "the restarted replica ready", output, 120);
            Assert.Equal(HttpStatusCode.OK, await ReadyAsync(basePort + 3)); // its twin never stopped
            return [.. pids.Values, restarted];
        },
        output => Assert.Single(output, l => l.Contains("restarted slatracking-2")));

    [Fact]
    public async Task Partition_StartsARoutingProcessPerPartition_EachActiveForItsOwnTenants()
    {
        var (centre, _) = RoutingPartitionsDistributedTests.PartitionableCentre();
        try
        {
            await RunAsync(["--centre", centre, "--partition", "helvet=helvet-telecom"], async (basePort, output, deployDir) =>
            {
                foreach (var (name, offset) in new[] { ("dashboard", 0), ("routing", 1), ("scheduling", 2), ("slatracking", 3), ("routing@helvet", 5) })
                    await ListedAndReadyAsync(name, basePort + offset, output);
                Assert.StartsWith("active: partition default", await RoutingFailoverDistributedTests.RoleAsync(new Uri($"http://127.0.0.1:{basePort + 1}/")));
                Assert.StartsWith("active: partition helvet", await RoutingFailoverDistributedTests.RoleAsync(new Uri($"http://127.0.0.1:{basePort + 5}/")));
                return [.. Pids(deployDir).Values];
            }, _ => { });
        }
        finally
        {
            File.Delete(centre);
        }
    }

    /// <summary>Starts the script with <paramref name="args"/>, waits for its banner, runs <paramref name="body"/> (which answers the
    /// pids that must be gone at the end), then <c>--stop</c> from another terminal must end every process, and the supervising
    /// script with them, with exit code 0.</summary>
    private static async Task RunAsync(string[] args, Func<int, ConcurrentQueue<string>, string, Task<int[]>> body,
        Action<ConcurrentQueue<string>> afterStop)
    {
        var deployDir = Directory.CreateTempSubdirectory("cc-run-distributed-").FullName;
        var basePort = FreePortBlock();
        var output = new ConcurrentQueue<string>();
        using var script = Start(deployDir, basePort, output, args);
        try
        {
            await EventuallyAsync(() => output.Any(l => l.Contains("CallCentre is running")) || script.HasExited, "the script's banner", output, 300);
            Assert.False(script.HasExited, "the script exited");
            var pids = await body(basePort, output, deployDir);

            using var stop = Start(deployDir, basePort, output, "--stop");
            await stop.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(script.ExitCode == 0, $"the script exited with {script.ExitCode}\n--- script output ---\n{string.Join('\n', output.TakeLast(40))}");
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} still runs"));
            afterStop(output);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- script output ---\n{string.Join('\n', output.TakeLast(80))}", e);
        }
        finally
        {
            if (!script.HasExited)
            {
                using var stop = Start(deployDir, basePort, new ConcurrentQueue<string>(), "--stop");
                await stop.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { });
                try { script.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            await DropDatabasesAsync();
            try { Directory.Delete(deployDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>In the banner, and ready: the script waited for it, but a busy machine may keep it from answering within 5 s.</summary>
    private static async Task ListedAndReadyAsync(string name, int port, ConcurrentQueue<string> output)
    {
        Assert.Contains(output, l => Regex.IsMatch(l, $@"^\s+{Regex.Escape(name)}\s+http://127\.0\.0\.1:{port}/$"));
        await EventuallyAsync(() => ReadyAsync(port).Result == HttpStatusCode.OK, $"{name} ready", output, 60);
    }

    private static Dictionary<string, int> Pids(string deployDir) =>
        File.ReadAllLines(Path.Combine(deployDir, "pids")).Select(l => l.Split(' ')).ToDictionary(f => f[1], f => int.Parse(f[0]));

    [GeneratedRegex(@"restarted slatracking-2 \(pid (\d+)\)")]
    private static partial Regex RestartedLine();

    private static Process Start(string deployDir, int basePort, ConcurrentQueue<string> output, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestInfrastructure.RepoRoot, "deploy", "local", "run-distributed.sh"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var env = start.Environment;
        env["CC_DEPLOY_DIR"] = deployDir;
        env["CC_BASE_PORT"] = basePort.ToString();
        env["CC_EXTERNAL_INFRA"] = "1";
        env["CC_NO_BUILD"] = "1";
        env["CC_RABBIT_PORT"] = new Uri(TestInfrastructure.RabbitMq).Port.ToString();
        env["CC_PG_PORT"] = new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres).Port.ToString();
        env["Messaging__EndpointPrefix"] = "script" + Guid.NewGuid().ToString("N")[..6];
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpStatusCode?> ReadyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try { return (await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode; }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what, ConcurrentQueue<string> output, int seconds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: not within {seconds} s\n--- script output ---\n{string.Join('\n', output.TakeLast(60))}");
            await Task.Delay(500);
        }
    }

    private static bool IsRunning(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>A base port with the 14 ports above it free (the script's module ports for two replicas).</summary>
    private static int FreePortBlock()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var basePort = Random.Shared.Next(210, 290) * 100;
            if (Enumerable.Range(basePort, 14).All(Free))
                return basePort;
        }
        throw new InvalidOperationException("no free block of 14 ports between 21000 and 29000");

        static bool Free(int port)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return true;
            }
            catch (SocketException) { return false; }
        }
    }

    private static async Task DropDatabasesAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database=postgres");
            await connection.OpenAsync();
            foreach (var db in Databases)
                await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // Best effort on a throwaway server; the test's outcome stands.
        }
    }
}
