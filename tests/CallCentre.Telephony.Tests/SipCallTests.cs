using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Telephony.Tests;

/// <summary>Calls from SIPp through a real Kamailio and rtpengine to SIPp agents' phones, with Routing and the Telephony module
/// hosted in one process (in-memory bus, SQLite). The demo centre's Arabic-speaking banking queue has the test's number.</summary>
public sealed partial class SipCallTests(SipEdge edge) : IClassFixture<SipEdge>
{
    private const string Number = "33100000001";
    private const string QueueId = "lumiere-banking-ar";

    private async Task<EmbeddedPlatform> PlatformAsync(string modules = "routing,telephony")
    {
        var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?>(edge.ModuleSettings(Number, QueueId)) { ["Modules"] = modules });
        _ = platform.Address;
        var kamailio = platform.Services.GetRequiredService<KamailioControl>();
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(kamailio.Connected ? "connected" : null),
            "the Telephony module to connect to Kamailio");
        return platform;
    }

    private static async Task SignInAsync(EmbeddedPlatform platform, string agentId)
    {
        using var http = await platform.HttpAs(agentId);
        using var response = await http.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Registers the agent's phone (a SIPp listening on <paramref name="phonePort"/>) with Kamailio's registrar.</summary>
    private async Task RegisterAsync(EmbeddedPlatform platform, string agentId, int phonePort)
    {
        var credentials = await SipCredentialTests.CredentialsAsync(platform, agentId);
        await using var register = Sipp.Register("agent_register.xml", edge.SipPort, agentId, phonePort, credentials.Username, credentials.Password);
        await register.SucceedsAsync(TimeSpan.FromSeconds(20), $"registering {agentId}");
    }

    private Sipp Phone(string scenario, int phonePort, int mediaPort, int answerAfterMs = 300) =>
        Sipp.Start(scenario, phonePort, ["-mp", mediaPort.ToString(), "-rtp_echo", "-d", answerAfterMs.ToString()]);

    private Sipp Caller(string scenario, int mediaPort, int pauseMs, int audioSeconds = 2) =>
        Sipp.Start(scenario, SipEdge.FreePort(),
            [$"127.0.0.1:{edge.SipPort}", "-s", Number, "-key", "caller", "0612345678", "-mp", mediaPort.ToString(), "-d", pauseMs.ToString()], audioSeconds);

    private string Diagnostics(EmbeddedPlatform platform) =>
        "Telephony module:\n" + string.Join("\n", platform.Logs.Lines.Where(l => l.Contains("SIP", StringComparison.Ordinal) || l.Contains("Kamailio", StringComparison.Ordinal)))
        + "\nRouting:\n" + string.Join("\n", platform.Published.Where(m => m is AgentStateChanged or CallOffered or CallQueued))
        + "\nKamailio:\n" + string.Join("\n", ReadShared(edge.KamailioLog).Split('\n').TakeLast(40));

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private static T Single<T>(EmbeddedPlatform platform) => Assert.Single(platform.Published.OfType<T>());

    [Fact]
    public async Task CallToTheNumber_IsAnsweredByTheChosenAgent_WithAudioBothWays()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var (phonePort, phoneMedia, callerMedia) = (SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_answer.xml", phonePort, phoneMedia);
        // 2 s of audio, 4 s on the line: Routing hears of the answer up to a second late on a loaded machine.
        await using var caller = Caller("caller.xml", callerMedia, pauseMs: 4000);

        var completed = await AnsweredByAgent01WithAudioBothWaysAsync(platform, caller, phone, callerMedia, phoneMedia);
        Assert.Equal(QueueId, completed.QueueId);
        Assert.InRange(completed.TalkSeconds, 2.5, 8.0);
    }

    /// <summary>Both SIPp ends finish, Routing completes the call for agent01, and rtpengine counted two seconds of 20 ms packets
    /// (100) each way, less a fifth: the caller's audio and the phone's echo of it.</summary>
    private async Task<CallCompleted> AnsweredByAgent01WithAudioBothWaysAsync(EmbeddedPlatform platform, Sipp caller, Sipp phone, int callerMedia, int phoneMedia)
    {
        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal("agent01", completed.AgentId);
        Assert.Equal("agent01", Single<CallAnswered>(platform).AgentId);
        var (fromCaller, fromPhone) = (edge.PacketsFrom(callerMedia), edge.PacketsFrom(phoneMedia));
        Assert.True(fromCaller >= 80, $"rtpengine received {fromCaller} RTP packets from the caller");
        Assert.True(fromPhone >= 80, $"rtpengine received {fromPhone} RTP packets from the agent's phone");
        return completed;
    }

    [Fact]
    public async Task CallerCancellingWhileWaiting_IsAnAbandonInRouting()
    {
        using var platform = await PlatformAsync();
        await using var caller = Caller("caller_cancel.xml", SipEdge.FreePort(), pauseMs: 1500);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller who cancels", () => Diagnostics(platform));

        var abandoned = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallAbandoned>().FirstOrDefault()), "the abandon in Routing");
        Assert.Equal(QueueId, abandoned.QueueId);
        Assert.Equal(abandoned.CallId, Single<CallQueued>(platform).CallId);
        Assert.Empty(platform.Published.OfType<CallAnswered>());
    }

    [Fact]
    public async Task AgentPhoneBusy_IsAMissedOffer_OfferedAgainToAnotherAgent()
    {
        using var platform = await PlatformAsync();
        // agent01 first: the longest idle, offered the call first.
        await SignInAsync(platform, "agent01");
        await Task.Delay(50);
        await SignInAsync(platform, "agent02");
        var (busyPort, answerPort) = (SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", busyPort);
        await RegisterAsync(platform, "agent02", answerPort);
        await using var busyPhone = Phone("agent_busy.xml", busyPort, SipEdge.FreePort());
        await using var answeringPhone = Phone("agent_answer.xml", answerPort, SipEdge.FreePort());
        await using var caller = Caller("caller.xml", SipEdge.FreePort(), pauseMs: 1000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await busyPhone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's busy phone");
        await answeringPhone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent02's phone");

        await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        var offers = platform.Published.OfType<CallOffered>().Select(o => o.AgentId).ToList();
        Assert.Equal(["agent01", "agent02"], offers);
        Assert.Equal("agent02", Single<CallAnswered>(platform).AgentId);
        Assert.Equal("agent02", Single<CallCompleted>(platform).AgentId);
    }

    [Fact]
    public async Task AgentPhoneHoldingTheCall_HoldsAndResumesItInRouting()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_hold.xml", phonePort, SipEdge.FreePort());
        await using var caller = Caller("caller_held.xml", SipEdge.FreePort(), pauseMs: 1000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller put on hold", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone holding the call");

        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        var held = Single<CallHeld>(platform);
        var resumed = Single<CallResumed>(platform);
        Assert.Equal(("agent01", completed.CallId), (held.AgentId, held.CallId));
        Assert.Equal(completed.CallId, resumed.CallId);
        // The phone held the call for 1.5 s between its two re-INVITEs.
        Assert.InRange(completed.HoldSeconds, 1.0, 4.0);
    }

    [Fact]
    public async Task AgentPhone_SeesTheQueue_NeverTheCallersNumber()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        // Holding and resuming: requests in the dialog both ways, from the caller's side and to it.
        await using var phone = Phone("agent_hold.xml", phonePort, SipEdge.FreePort());
        await using var caller = Caller("caller_held.xml", SipEdge.FreePort(), pauseMs: 1000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");

        var seen = phone.Messages();
        Assert.Contains("INVITE sip:agent01@", seen, StringComparison.Ordinal);
        Assert.Contains("BYE sip:", seen, StringComparison.Ordinal);
        Assert.Matches($"From: \"{QueueId}\" <sip:{QueueId}@", seen);
        Assert.DoesNotContain("612345678", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("Caller", seen, StringComparison.Ordinal);
        // Nor its SDP's o= user name ("caller", in every offer and answer of caller_held.xml).
        Assert.Contains("o=- ", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("o=caller", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("o=agent", caller.Messages(), StringComparison.Ordinal);
        // The caller's side still sees its own address in the replies to its requests, and never the queue's name.
        Assert.Contains("From: \"Caller\" <sip:0612345678@", caller.Messages(), StringComparison.Ordinal);
        Assert.DoesNotContain(QueueId, caller.Messages(), StringComparison.Ordinal);
    }

    /// <summary>The caller's media port, the test's: what arrives there is what the caller hears.</summary>
    private sealed class CallerEar : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly List<(DateTime At, Heard What)> _heard = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _listening;

        public enum Heard { Silence, Phone, Media }

        public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

        // A thread of its own that blocks on the socket: each packet is stamped as it arrives, not when a busy pool gets to it.
        public CallerEar()
        {
            _socket.Client.ReceiveTimeout = 200;
            _listening = new Thread(Listen) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            _listening.Start();
        }

        private void Listen()
        {
            var from = new IPEndPoint(IPAddress.Any, 0);
            while (!_stop.IsCancellationRequested)
            {
                byte[] buffer;
                try
                {
                    buffer = _socket.Receive(ref from);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    continue;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException && _stop.IsCancellationRequested)
                {
                    return;
                }
                var payload = buffer.AsSpan(12).ToArray();
                // PCMU silence is 0xFF or 0x7F; the SIPp phones send Sipp.Start's audio, 0x80 to 0x9F over and over.
                var what = payload.All(b => b is 0xFF or 0x7F) ? Heard.Silence : payload.All(b => b is >= 0x80 and < 0xA0) ? Heard.Phone : Heard.Media;
                lock (_heard)
                    _heard.Add((DateTime.UtcNow, what));
            }
        }

        public List<(DateTime At, Heard What)> Between(DateTime from, DateTime to)
        {
            lock (_heard)
                return _heard.Where(p => p.At >= from && p.At < to).ToList();
        }

        public Task HearsAsync(Heard what, DateTime since, string description) =>
            TestInfrastructure.EventuallyAsync(() => Task.FromResult(Between(since, DateTime.MaxValue).Count(p => p.What == what) >= 25 ? "heard" : null),
                description);

        public void Dispose()
        {
            _stop.Cancel();
            _listening.Join(TimeSpan.FromSeconds(5));
            _socket.Dispose();
            _stop.Dispose();
        }
    }

    private Sipp ListeningCaller(CallerEar ear, int pauseMs) =>
        Sipp.Start("caller_listening.xml", SipEdge.FreePort(), [$"127.0.0.1:{edge.SipPort}", "-s", Number,
            "-key", "caller", "0612345678", "-key", "listen_port", ear.Port.ToString(), "-d", pauseMs.ToString()]);

    [Fact]
    public async Task CallerWaiting_HearsTheQueuesAnnouncement_UntilTheAgentAnswers()
    {
        using var platform = await PlatformAsync();
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        using var ear = new CallerEar();
        await using var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort(), answerAfterMs: 1000);
        await using var caller = ListeningCaller(ear, pauseMs: 2000);
        // Nobody available: the call waits in its queue for 3 s before agent01 becomes available and is rung.
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallQueued>().FirstOrDefault()), "the call to queue");
        await Task.Delay(3000);
        await SignInAsync(platform, "agent01");

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");

        var answeredAt = AnsweredAt(caller.Messages());
        var beforeAnswer = ear.Between(DateTime.MinValue, answeredAt);
        Assert.True(beforeAnswer.Count >= 120, $"the caller heard {beforeAnswer.Count} RTP packets in the 4 s before the answer");
        // The ringback pauses after 1.5 s; the queue's steady tone does not.
        var afterTwoSeconds = beforeAnswer.Where(p => p.At > beforeAnswer[0].At.AddSeconds(2)).ToList();
        Assert.NotEmpty(afterTwoSeconds);
        Assert.All(afterTwoSeconds, p => Assert.Equal(CallerEar.Heard.Media, p.What));
        // Bridged to a phone that says nothing: the tone stops. Its last packets can still arrive in the moment after the answer
        // (and the ear stamps a packet when it reads it); the tone playing on would be 50 a second for the caller's 2 s.
        var afterAnswer = ear.Between(answeredAt.AddMilliseconds(300), DateTime.MaxValue);
        Assert.True(afterAnswer.Count(p => p.What == CallerEar.Heard.Media) < 50, $"the caller heard after the answer at {answeredAt:HH:mm:ss.fff}: "
            + string.Join(", ", afterAnswer.GroupBy(p => p.What).Select(g => $"{g.Count()} {g.Key} ({g.First().At:HH:mm:ss.fff} to {g.Last().At:HH:mm:ss.fff})")));
    }

    [Fact]
    public async Task DeskHoldOnAHardwarePhone_PlaysTheQueuesMusicToTheCaller_WithoutThePhone()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        using var ear = new CallerEar();
        await using var phone = Sipp.Start("agent_talking.xml", phonePort, ["-d", "300"]);
        await using var caller = ListeningCaller(ear, pauseMs: 12000);
        var answered = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer", TimeSpan.FromSeconds(40));
        await ear.HearsAsync(CallerEar.Heard.Phone, DateTime.MinValue, "the caller to hear agent01's phone");
        using var desk = await platform.HttpAs("agent01");

        (await desk.PostAsync($"/api/agents/me/calls/{answered.CallId}/hold", null)).EnsureSuccessStatusCode();
        await ear.HearsAsync(CallerEar.Heard.Media, DateTime.UtcNow, "the caller to hear the hold music");
        var held = DateTime.UtcNow;
        await Task.Delay(1000);
        var whileHeld = ear.Between(held, held.AddSeconds(1));
        (await desk.PostAsync($"/api/agents/me/calls/{answered.CallId}/resume", null)).EnsureSuccessStatusCode();
        await ear.HearsAsync(CallerEar.Heard.Phone, DateTime.UtcNow, "the caller to hear agent01's phone again");
        var resumed = DateTime.UtcNow;
        await Task.Delay(1000);
        var afterResume = ear.Between(resumed, resumed.AddSeconds(1));
        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));

        Assert.True(whileHeld.Count(p => p.What == CallerEar.Heard.Media) >= 25, $"{whileHeld.Count} packets in the held second");
        Assert.DoesNotContain(whileHeld, p => p.What == CallerEar.Heard.Phone);
        Assert.True(afterResume.Count(p => p.What == CallerEar.Heard.Phone) >= 25, $"{afterResume.Count} packets in the second after the resume");
        Assert.DoesNotContain(afterResume, p => p.What == CallerEar.Heard.Media);
        Assert.Single(platform.Published.OfType<CallHeld>());
        Assert.Single(platform.Published.OfType<CallResumed>());
    }

    /// <summary>When SIPp logged the 200 OK to its INVITE (its message log stamps each message in local time).</summary>
    private static DateTime AnsweredAt(string messages)
    {
        var match = Regex.Match(messages, @"-+ (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\s+\S+ message received \[\d+\] bytes :\s+SIP/2\.0 200 OK[^\n]*\n(?:[^\n]+\n)*?CSeq: 1 INVITE");
        Assert.True(match.Success, "SIPp logged no 200 OK to the caller's INVITE:\n" + messages);
        return DateTime.SpecifyKind(DateTime.Parse(match.Groups["at"].Value, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Local).ToUniversalTime();
    }

    [Fact]
    public async Task SlaFigures_AreWhatTheSippCallersDid()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort());
        var dialled = DateTime.UtcNow;
        await using var answered = Caller("caller.xml", SipEdge.FreePort(), pauseMs: 3000);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer the first caller", TimeSpan.FromSeconds(40));
        var longestWait = (DateTime.UtcNow - dialled).TotalSeconds;
        // agent01 is busy: the second caller waits, then hangs up.
        await using var abandoning = Caller("caller_cancel.xml", SipEdge.FreePort(), pauseMs: 1500);

        await answered.SucceedsAsync(TimeSpan.FromSeconds(40), "the answered caller", () => Diagnostics(platform));
        await abandoning.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller who hangs up while waiting", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");

        using var admin = await platform.HttpAs("admin");
        var figures = await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<Contracts.Sla.QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .SingleOrDefault(q => q.QueueId == QueueId && q.Answered + q.Abandoned == 2), "SlaTracking to count both calls");
        Assert.Equal((2, 1, 1, 1), (figures.Offered, figures.Answered, figures.Abandoned, figures.AnsweredWithinThreshold));
        Assert.InRange(figures.AverageSpeedOfAnswerSeconds, 0, longestWait);
    }

    /// <summary>Routing in one process, the Telephony module in another on the same data folder, joined by the real RabbitMQ,
    /// so that the module alone can be stopped and started again.</summary>
    private sealed class SplitPlatform : IDisposable
    {
        private readonly Dictionary<string, string?> _moduleSettings;
        public EmbeddedPlatform Routing { get; }
        public EmbeddedPlatform Module { get; private set; }
        private readonly string _moduleData = Path.Combine(Path.GetTempPath(), "callcentre-telephony-" + Guid.NewGuid().ToString("N")[..8]);

        public SplitPlatform(SipEdge edge)
        {
            var shared = new Dictionary<string, string?>
            {
                ["Messaging:Transport"] = "RabbitMq",
                ["Messaging:EndpointPrefix"] = "sip" + Guid.NewGuid().ToString("N")[..8],
                ["ConnectionStrings:RabbitMq"] = TestInfrastructure.RabbitMq,
                ["Auth:SigningKey"] = Hosting.Auth.SigningKeys.NewPrivateKeyPem(),
                ["Telephony:CallerHashKey"] = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            };
            Routing = new EmbeddedPlatform(settings: new Dictionary<string, string?>(shared) { ["Modules"] = "routing" });
            _moduleSettings = new Dictionary<string, string?>(shared.Concat(edge.ModuleSettings(Number, QueueId)))
            {
                ["Modules"] = "telephony",
                ["Telephony:RoutingUrl"] = Routing.Address.ToString(),
            };
            Directory.CreateDirectory(_moduleData);
            Module = new EmbeddedPlatform(dataFolder: _moduleData, settings: _moduleSettings);
        }

        public async Task ConnectedAsync()
        {
            _ = Module.Address;
            var kamailio = Module.Services.GetRequiredService<KamailioControl>();
            await TestInfrastructure.EventuallyAsync(() => Task.FromResult(kamailio.Connected ? "connected" : null),
                "the Telephony module to connect to Kamailio");
        }

        public void StopModule() => Module.Dispose();

        public Task StartModuleAsync()
        {
            Module = new EmbeddedPlatform(dataFolder: _moduleData, settings: _moduleSettings);
            return ConnectedAsync();
        }

        public void Dispose()
        {
            Module.Dispose();
            Routing.Dispose();
            try { Directory.Delete(_moduleData, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<(Sipp Phone, Sipp Caller)> AnsweredCallAsync(SplitPlatform split, int talkMs)
    {
        await split.ConnectedAsync();
        await SignInAsync(split.Routing, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(split.Module, "agent01", phonePort);
        var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort());
        var caller = Caller("caller.xml", SipEdge.FreePort(), pauseMs: talkMs);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(split.Routing.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer the call", TimeSpan.FromSeconds(40));
        return (phone, caller);
    }

    [Fact]
    public async Task ModuleRestartedInTheMiddleOfACall_CompletesItOnceOnTheCallersBye()
    {
        using var split = new SplitPlatform(edge);
        var (phone, caller) = await AnsweredCallAsync(split, talkMs: 12000);
        await using var _ = phone;
        await using var __ = caller;
        var answeredAt = DateTime.UtcNow;

        split.StopModule();
        await split.StartModuleAsync();
        Assert.False(caller.Exited, $"the module took {(DateTime.UtcNow - answeredAt).TotalSeconds:0.0} s to restart, longer than the call");

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(split.Module));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(split.Routing.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal("agent01", completed.AgentId);
        Assert.InRange(completed.TalkSeconds, 11.0, 15.0);
        await Task.Delay(500); // a second completion would follow the first at once
        Assert.Single(split.Routing.Published.OfType<CallCompleted>());
    }

    private int Kept() => ReadShared(edge.KamailioLog).Split("kept for replay").Length - 1;

    [Fact]
    public async Task ByeWhileNoModuleIsConnected_IsReplayedToTheNextModule()
    {
        using var split = new SplitPlatform(edge);
        var (phone, caller) = await AnsweredCallAsync(split, talkMs: 3000);
        await using var _ = phone;
        await using var __ = caller;

        var keptBefore = Kept();
        split.StopModule();
        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller hanging up while no module is connected");
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");
        Assert.Empty(split.Routing.Published.OfType<CallCompleted>());
        Assert.True(Kept() > keptBefore, "Kamailio kept no event while no module was connected");

        await split.StartModuleAsync();
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(split.Routing.Published.OfType<CallCompleted>().FirstOrDefault()), "the replayed BYE to complete the call");
        Assert.Equal("agent01", completed.AgentId);
        // Routing ends the talk when it hears of the BYE: the outage counts as talk.
        Assert.True(completed.TalkSeconds >= 2.5, $"talk time {completed.TalkSeconds} s, the caller talked 3 s");
        await Task.Delay(500);
        Assert.Single(split.Routing.Published.OfType<CallCompleted>());
    }

    [Fact]
    public async Task RepeatedSipEvents_ChangeRoutingOnce()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var control = platform.Services.GetRequiredService<Calls.CallControl>();
        const string sipCallId = "repeat-1@127.0.0.1";

        await control.HandleAsync(new SipEvent("invite", sipCallId, Caller: "0612345678", Number: Number));
        await control.HandleAsync(new SipEvent("invite", sipCallId, Caller: "0612345678", Number: Number));
        var store = platform.Services.GetRequiredService<Calls.SipCallStore>();
        await TestInfrastructure.EventuallyAsync(async () => await store.FindAsync(sipCallId) is { State: Calls.SipCallStore.Ringing } ringing
            ? ringing : null, "Routing's offer to ring agent01");
        await control.HandleAsync(new SipEvent("answered", sipCallId, Agent: "agent01"));
        await control.HandleAsync(new SipEvent("answered", sipCallId, Agent: "agent01"));
        await control.HandleAsync(new SipEvent("bye", sipCallId, By: "caller"));
        await control.HandleAsync(new SipEvent("bye", sipCallId, By: "caller"));
        await control.HandleAsync(new SipEvent("cancel", sipCallId));

        await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        var queued = Single<CallQueued>(platform);
        Assert.Equal(queued.CallId, Single<CallAnswered>(platform).CallId);
        Assert.Equal(queued.CallId, Single<CallCompleted>(platform).CallId);
        Assert.Empty(platform.Published.OfType<CallAbandoned>());
        var stored = await store.FindAsync(sipCallId);
        Assert.Equal(Calls.SipCallStore.Completed, stored!.State);
        Assert.Equal(queued.CallId, stored.CallId);
    }
}
