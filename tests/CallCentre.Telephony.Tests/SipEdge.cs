using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace CallCentre.Telephony.Tests;

/// <summary>A real Kamailio and rtpengine started for the test class by deploy/local/infra.sh (cc_telephony_start), on ports
/// free at run time, stopped at the end. Missing packages fail the tests (run them with tests/run.sh, which installs them).</summary>
public sealed partial class SipEdge : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "callcentre-sip-" + Guid.NewGuid().ToString("N")[..8]);
    public int SipPort { get; } = FreePort();
    public int ControlPort { get; } = FreePort();
    /// <summary>Kamailio's WebSocket listener for softphones.</summary>
    public int WebSocketPort { get; } = FreePort();
    public int RtpEngineControlPort { get; } = FreePort();
    /// <summary>Kamailio's auth_ephemeral secret, the module's <c>Telephony:SipSecret</c>.</summary>
    public string SipSecret { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public int RtpPortMin { get; private set; }
    public const int RtpPortCount = 20;

    public string RtpEngineLog => Path.Combine(Folder, "telephony", "rtpengine.log");
    public string KamailioLog => Path.Combine(Folder, "telephony", "kamailio.log");

    /// <summary>The queue with an announcement of its own at this edge: a steady tone, unlike the ringback's pauses.</summary>
    public const string AnnouncedQueue = "lumiere-banking-ar";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var media = Directory.CreateDirectory(Path.Combine(Folder, "media")).FullName;
        File.Copy(Path.Combine(TestInfrastructure.RepoRoot, "deploy", "telephony", "media", "ringback.wav"), Path.Combine(media, "ringback.wav"));
        WriteTone(Path.Combine(media, AnnouncedQueue + ".wav"), hertz: 600, seconds: 2);
        // A block of media ports of its own, so that parallel runs on one machine do not meet.
        var rtpMin = RtpPortMin = 31000 + Random.Shared.Next(0, 45) * 20;
        var (code, output) = await Infra("cc_telephony_start", _settings = new Dictionary<string, string>
        {
            ["CC_SIP_PORT"] = SipPort.ToString(), ["CC_SIP_SECRET"] = SipSecret, ["CC_SIP_WS_PORT"] = WebSocketPort.ToString(), ["CC_EVAPI_PORT"] = ControlPort.ToString(),
            ["CC_RTPENGINE_NG_PORT"] = RtpEngineControlPort.ToString(), ["CC_RTPENGINE_CLI_PORT"] = FreePort().ToString(),
            ["CC_RTP_PORT_MIN"] = rtpMin.ToString(), ["CC_RTP_PORT_MAX"] = (rtpMin + RtpPortCount - 1).ToString(),
            // INFO: rtpengine logs each call's packet counts when the call ends.
            ["CC_RTPENGINE_LOG_LEVEL"] = "6",
            ["CC_MEDIA_DIR"] = media,
            // Short enough for a test of a transfer the caller never follows; the others follow at once.
            ["CC_SIP_TRANSFER_WAIT_S"] = TransferWaitSeconds.ToString(),
        });
        Assert.True(code == 0, $"cc_telephony_start failed ({code}); install kamailio, rtpengine-daemon and sip-tester (tests/run.sh does):\n{output}");
    }

    private Dictionary<string, string> _settings = [];

    public const int TransferWaitSeconds = 8;

    /// <summary>Kamailio dies (SIGKILL to all its processes, as a crash loses them) and starts again with the same settings and
    /// ports; rtpengine, and the media of the calls it anchors, carry on.</summary>
    /// <param name="whileDown">Done once Kamailio is gone, before it starts again.</param>
    public async Task RestartKamailioAsync(Action? whileDown = null)
    {
        var (code, output) = await Infra(
            """pid=$(cat "$2/telephony/kamailio.pid") && kill -KILL -- "-$pid" && while kill -0 -- "-$pid" 2>/dev/null; do sleep 0.05; done && :""",
            _settings);
        Assert.True(code == 0, $"Kamailio could not be killed ({code}):\n{output}");
        whileDown?.Invoke();
        (code, output) = await Infra("cc_kamailio_start", _settings);
        Assert.True(code == 0, $"Kamailio did not start again ({code}):\n{output}");
    }

    /// <summary>Kamailio's registrations (usrloc's SQLite file), kept across its restarts.</summary>
    public string LocationDatabase => Path.Combine(Folder, "telephony", "location.db");

    public sealed record Registration(string Contact, string CallId, long CSeq, string Ruid);

    /// <summary>The agent's contacts in <see cref="LocationDatabase"/>, as Kamailio wrote them.</summary>
    public Registration[] Registrations(string agentId)
    {
        using var db = new SqliteConnection($"Data Source={LocationDatabase};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT contact, callid, cseq, ruid FROM location WHERE username = $agent";
        query.Parameters.AddWithValue("$agent", agentId);
        using var rows = query.ExecuteReader();
        var found = new List<Registration>();
        while (rows.Read())
            found.Add(new Registration(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetString(3)));
        return [.. found];
    }

    private static void WriteTone(string path, int hertz, int seconds)
    {
        const int rate = 8000;
        using var writer = new BinaryWriter(File.Create(path));
        var samples = rate * seconds;
        writer.Write("RIFF"u8); writer.Write(36 + samples * 2); writer.Write("WAVEfmt "u8);
        writer.Write(16); writer.Write((short)1); writer.Write((short)1); writer.Write(rate); writer.Write(rate * 2); writer.Write((short)2); writer.Write((short)16);
        writer.Write("data"u8); writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
            writer.Write((short)(8000 * Math.Sin(2 * Math.PI * hertz * i / rate)));
    }

    public async Task DisposeAsync()
    {
        await Infra("cc_telephony_stop", []);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Output)> Infra(string function, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source \"$1\" && {function} \"$2\"");
        start.ArgumentList.Add("infra");
        start.ArgumentList.Add(Path.Combine(TestInfrastructure.RepoRoot, "deploy", "local", "infra.sh"));
        start.ArgumentList.Add(Folder);
        foreach (var (key, value) in env)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Packets rtpengine received from <paramref name="peerPort"/> (an endpoint's RTP port) in calls ended so far.</summary>
    public long PacketsFrom(int peerPort) => PacketsByPeer().GetValueOrDefault(peerPort);

    /// <summary>Packets rtpengine received in calls ended so far, per peer's port.</summary>
    public Dictionary<int, long> PacketsByPeer()
    {
        var packets = new Dictionary<int, long>();
        if (!File.Exists(RtpEngineLog))
            return packets;
        using var stream = new FileStream(RtpEngineLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            if (PortStats().Match(line) is { Success: true } m)
                packets[int.Parse(m.Groups["peer"].Value)] = packets.GetValueOrDefault(int.Parse(m.Groups["peer"].Value)) + long.Parse(m.Groups["packets"].Value);
        return packets;
    }

    // "--------- Port 127.0.0.1:31012 <> 127.0.0.1:6000 , SSRC ca110000, 100 p, 17200 b, 0 e, 0 ts"
    [GeneratedRegex(@"Port\s+\S+:\d+\s+<>\s+\S+:(?<peer>\d+)\s*,.*?\s(?<packets>\d+) p,")]
    private static partial Regex PortStats();

    /// <summary>The settings that connect a platform's Telephony module to this edge.</summary>
    public Dictionary<string, string?> ModuleSettings(string number, string queueId) => new()
    {
        ["Modules"] = "routing,telephony",
        ["Telephony:Control"] = $"127.0.0.1:{ControlPort}",
        ["Telephony:SipSecret"] = SipSecret,
        ["Telephony:Numbers:" + number] = queueId,
        ["Telephony:RingSeconds"] = "4",
        ["Telephony:WebSocketUrl"] = $"ws://127.0.0.1:{WebSocketPort}",
    };

    /// <summary>A port free on both UDP and TCP on loopback right now.</summary>
    public static int FreePort()
    {
        while (true)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }
}
