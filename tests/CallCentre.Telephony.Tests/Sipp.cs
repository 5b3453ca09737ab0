using System.Diagnostics;

namespace CallCentre.Telephony.Tests;

/// <summary>One SIPp process (Debian's sip-tester) running a scenario of Scenarios/ against Kamailio, in a working folder of
/// its own (SIPp writes its logs there; the caller streams audio.pcmu from there).</summary>
public sealed class Sipp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public string Folder { get; }

    public bool Exited => _process.HasExited;

    private Sipp(string folder, IEnumerable<string> args)
    {
        Folder = folder;
        var start = new ProcessStartInfo("sipp")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <paramref name="scenario"/> for one call (<c>-m 1</c>) with SIP on <paramref name="sipPort"/>.</summary>
    /// <param name="audioSeconds">How much PCMU the caller scenarios stream (audio.pcmu).</param>
    public static Sipp Start(string scenario, int sipPort, IEnumerable<string> args, int audioSeconds = 2)
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcentre-sipp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        // PCMU, 8000 bytes a second: what the caller says.
        File.WriteAllBytes(Path.Combine(folder, "audio.pcmu"), Enumerable.Range(0, 8000 * audioSeconds).Select(i => (byte)(0x80 + (i % 32))).ToArray());
        return new Sipp(folder, [
            "-sf", Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario),
            "-i", "127.0.0.1", "-p", sipPort.ToString(), "-m", "1", "-trace_err", "-trace_msg", "-message_file", "messages.log", "-timeout", "60s", "-timeout_error",
            .. args]);
    }

    /// <summary>Registers <paramref name="agentId"/>'s phone (listening on <paramref name="phonePort"/>) with a register scenario,
    /// answering Kamailio's digest challenge with the credentials given.</summary>
    public static Sipp Register(string scenario, int sipPort, string agentId, int phonePort, string username, string password) =>
        Start(scenario, SipEdge.FreePort(), [$"127.0.0.1:{sipPort}", "-key", "agent", agentId, "-key", "phone_port", phonePort.ToString(),
            "-au", username, "-ap", password]);

    /// <summary>Waits for the scenario to end; fails the test with SIPp's errors unless it succeeded.</summary>
    /// <param name="context">More to show when it failed (the module's and Kamailio's logs).</param>
    public async Task SucceedsAsync(TimeSpan timeout, string what, Func<string>? context = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            Assert.Fail($"{what}: SIPp did not finish within {timeout.TotalSeconds} s.\n{Errors()}\n{context?.Invoke()}");
        }
        Assert.True(_process.ExitCode == 0, $"{what}: SIPp exited with {_process.ExitCode}.\n{Errors()}\n{await _stderr}\n{context?.Invoke()}");
    }

    /// <summary>Every SIP message this SIPp sent and received so far, as it logged them.</summary>
    public string Messages()
    {
        var path = Path.Combine(Folder, "messages.log");
        if (!File.Exists(path))
            return "";
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private string Errors() =>
        string.Join("\n", Directory.GetFiles(Folder, "*_errors.log").Select(File.ReadAllText));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        await Task.WhenAll(_stdout, _stderr);
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
