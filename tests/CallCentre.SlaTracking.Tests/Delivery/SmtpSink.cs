using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CallCentre.Testing;
using MimeKit;

namespace CallCentre.SlaTracking.Tests.Delivery;

/// <summary>A real SMTP server (aiosmtpd, smtp_sink.py) on a loopback port free at run time, saving what it receives in a folder of
/// its own. <see cref="Stop"/> kills it, as a crashed mail server; <see cref="Start"/> brings it back on the same port.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callcentre-smtp-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    public int Port { get; } = FreePort();

    public SmtpSink()
    {
        Directory.CreateDirectory(_folder);
        Start();
    }

    public void Start()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Delivery", "smtp_sink.py");
        // Debian's interpreter, which has the python3-aiosmtpd package (another python3 may come first on the PATH).
        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "127.0.0.1", Port.ToString(), _folder })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "ready")
            throw new InvalidOperationException("The SMTP sink did not start (is python3-aiosmtpd installed? deploy/local/infra.sh installs it): " +
                _process.StandardError.ReadToEnd());
    }

    public void Stop()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(_folder, "*.eml").Order().Select(f => MimeMessage.Load(f)).ToList();

    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count) =>
        TestInfrastructure.EventuallyAsync<IReadOnlyList<MimeMessage>>(
            () => Task.FromResult(Messages() is { } m && m.Count >= count ? m : null), $"{count} message(s) at the SMTP server");

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
