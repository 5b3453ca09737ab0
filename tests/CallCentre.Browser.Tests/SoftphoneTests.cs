using CallCentre.Contracts.Routing;
using CallCentre.Telephony.Kamailio;
using CallCentre.Telephony.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The desk's WebRTC softphone in Chromium (a fake microphone), registered with a real Kamailio over its WebSocket,
/// answering a SIPp caller through rtpengine (plain RTP on the caller's side, DTLS-SRTP on the browser's).</summary>
public sealed partial class SoftphoneTests(SipEdge edge) : IClassFixture<SipEdge>, IAsyncLifetime
{
    private const string Number = "33100000001";
    private const string QueueId = "lumiere-banking-ar";
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync(
        ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection"]);

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    /// <summary>The whole centre, its Telephony module connected to the fixture's Kamailio.</summary>
    private async Task<EmbeddedPlatform> PlatformAsync()
    {
        var settings = edge.ModuleSettings(Number, QueueId);
        settings["Modules"] = "all,telephony";
        // A person's time to answer, under the queue's offer timeout: the edge's four seconds are for SIPp phones.
        settings["Telephony:RingSeconds"] = "12";
        var platform = new EmbeddedPlatform(settings: settings);
        _ = platform.Address;
        var kamailio = platform.Services.GetRequiredService<KamailioControl>();
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(kamailio.Connected ? "connected" : null),
            "the Telephony module to connect to Kamailio");
        return platform;
    }

    private async Task<(IPage Desk, ILocator Phone)> RegisteredDeskAsync(EmbeddedPlatform platform)
    {
        var desk = await _chromium.NewPageAsync(platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        var phone = desk.Locator("#softphone-state");
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "registered", new() { Timeout = 20_000 });
        return (desk, phone);
    }

    [Fact]
    public async Task CallToTheNumber_RingsTheDeskSoftphone_AudioArrivesInTheBrowser_AndTheDeskHoldsTheMedia()
    {
        using var platform = await PlatformAsync();
        var (desk, phone) = await RegisteredDeskAsync(platform);
        await Assertions.Expect(phone).ToHaveTextAsync("prêt");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        var callerMedia = SipEdge.FreePort();
        // The caller accepts a hold and a resume (two re-INVITEs), then talks 3 s more and hangs up.
        await using var caller = Sipp.Start("caller_held.xml", SipEdge.FreePort(),
            [$"127.0.0.1:{edge.SipPort}", "-s", Number, "-key", "caller", "0612345678", "-mp", callerMedia.ToString(), "-d", "3000"],
            audioSeconds: 20);

        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "ringing", new() { Timeout = 30_000 });
        await Assertions.Expect(desk.Locator("#softphone-caller")).ToHaveTextAsync("Appel entrant");
        Assert.DoesNotContain("612345678", await desk.ContentAsync());
        await Chromium.ScreenshotAsync(desk, "softphone-ringing");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Décrocher" }).ClickAsync();
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "incall");
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");

        // The caller's audio, decrypted by the browser: the count of RTP packets received keeps growing.
        var first = (await TestInfrastructure.EventuallyAsync(async () => await PacketsReceivedAsync(desk) is > 0 and var n ? n.ToString() : null,
            "the first RTP packets in the browser")) is var text ? long.Parse(text) : 0;
        await GrowsAsync(desk, first, "the browser's RTP packets to keep growing (50 a second sent)");
        await Chromium.ScreenshotAsync(desk, "softphone-in-call");

        await desk.GetByRole(AriaRole.Button, new() { Name = "Mettre en attente" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-hold", "true");
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallHeld>().FirstOrDefault()), "the hold in Routing");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Reprendre l'appel" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-hold", "false");
        // Audio flows again after the two re-INVITEs.
        await GrowsAsync(desk, await PacketsReceivedAsync(desk), "the browser's RTP packets to grow again after the resume");

        await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller");
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "registered");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal("agent01", completed.AgentId);
        Assert.Equal(completed.CallId, Assert.Single(platform.Published.OfType<CallHeld>()).CallId);
        Assert.Equal(completed.CallId, Assert.Single(platform.Published.OfType<CallResumed>()).CallId);
        // rtpengine, between the two: the caller's plain RTP, and the browser's (SRTP from its fake microphone).
        var packets = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(edge.PacketsFrom(callerMedia) > 0 ? edge.PacketsByPeer() : null), "rtpengine's packet counts for the call");
        // PCMU at 20 ms a packet while the caller was connected and not held; Routing hears of the answer a little late, if at all.
        Assert.True(completed.TalkSeconds >= 3, $"talk {completed.TalkSeconds} s");
        Assert.True(packets[callerMedia] >= 0.8 * 50 * completed.TalkSeconds,
            $"rtpengine received {packets[callerMedia]} packets from the caller in {completed.TalkSeconds} s of talk");
        var fromBrowser = packets.Where(p => p.Key != callerMedia).Sum(p => p.Value);
        Assert.True(fromBrowser >= 100, $"rtpengine received {fromBrowser} packets from the browser");
    }

    private static async Task<long> PacketsReceivedAsync(IPage desk)
    {
        var json = await desk.EvaluateAsync<string>("""
            async () => {
              const pc = window.softphone.peerConnection;
              if (!pc) return "0";
              let received = 0;
              (await pc.getStats()).forEach((r) => { if (r.type === "inbound-rtp" && r.kind === "audio") received += r.packetsReceived; });
              return String(received);
            }
            """);
        return long.Parse(json);
    }

    private static Task<string> GrowsAsync(IPage desk, long from, string what) =>
        TestInfrastructure.EventuallyAsync(async () => await PacketsReceivedAsync(desk) is var n && n >= from + 25 ? n.ToString() : null, what,
            TimeSpan.FromSeconds(5));
}
