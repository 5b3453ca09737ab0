using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;
using CallCentre.Telephony.Kamailio;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Telephony.Tests;

/// <summary>The phones' registrations live in Kamailio's SQLite file: a phone registered once is rung after a Kamailio restart.</summary>
public sealed partial class SipCallTests
{
    private async Task KamailioRestartedAsync(EmbeddedPlatform platform, Action? whileDown = null)
    {
        var connections = KamailioLogCount("control connection from");
        await edge.RestartKamailioAsync(whileDown);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("control connection from") > connections
            && platform.Services.GetRequiredService<KamailioControl>().Connected ? "connected" : null), "the module to connect to the restarted Kamailio");
    }

    [Fact]
    public async Task PhoneRegisteredBeforeAKamailioRestart_RingsAfterIt_WithoutRegisteringAgain()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var (phonePort, phoneMedia, callerMedia) = (SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", phonePort);
        var registered = Assert.Single(edge.Registrations("agent01"));
        Assert.Contains($":{phonePort}", registered.Contact, StringComparison.Ordinal);

        await KamailioRestartedAsync(platform);
        await using var phone = Phone("agent_answer.xml", phonePort, phoneMedia);
        await using var caller = Caller("caller.xml", callerMedia, pauseMs: 4000);

        await AnsweredByAgent01WithAudioBothWaysAsync(platform, caller, phone, callerMedia, phoneMedia);
        // The registration Kamailio rang is the one made before the restart: a new REGISTER would have a new CSeq or Call-ID.
        Assert.Equal(registered, Assert.Single(edge.Registrations("agent01")));
        Assert.DoesNotContain("REGISTER", phone.Messages(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneWhoseRegistrationExpiredWhileKamailioWasDown_IsNotRung_TheOfferFailsAtOnce()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort());

        // The edge was down past the registration's end (SQLite keeps usrloc's times as Julian days).
        await KamailioRestartedAsync(platform, () =>
        {
            using var db = new SqliteConnection($"Data Source={edge.LocationDatabase};Pooling=False");
            db.Open();
            using var expire = db.CreateCommand();
            expire.CommandText = "UPDATE location SET expires = julianday('now', '-1 minute') WHERE username = 'agent01'";
            Assert.Equal(1, expire.ExecuteNonQuery());
        });
        await OfferFailsAtOnceAsync(platform);
        Assert.DoesNotContain("INVITE", phone.Messages(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SoftphoneRegisteredBeforeAKamailioRestart_IsForgotten_TheOfferFailsAtOnce()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        using var softphone = await RegisterOverWebSocketAsync(await SipCredentialTests.CredentialsAsync(platform, "agent01"));
        Assert.Contains("transport=ws", Assert.Single(edge.Registrations("agent01")).Contact, StringComparison.Ordinal);

        // Its WebSocket died with Kamailio: the contact cannot be reached any more, and the desk registers again on reconnecting.
        await KamailioRestartedAsync(platform);

        await OfferFailsAtOnceAsync(platform);
        Assert.Empty(edge.Registrations("agent01"));
    }

    /// <summary>A caller who gives up after 3 s: agent01's offer comes back at once (no contact to ring), then the call is abandoned.</summary>
    private async Task OfferFailsAtOnceAsync(EmbeddedPlatform platform)
    {
        await using var caller = Caller("caller_cancel.xml", SipEdge.FreePort(), pauseMs: 3000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller who gives up", () => Diagnostics(platform));
        var returned = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallOfferReturned>().FirstOrDefault()), "agent01's offer to fail");
        Assert.Equal("agent01", returned.AgentId);
        var offered = Assert.Single(platform.Published.OfType<CallOffered>(), o => o.CallId == returned.CallId && o.OfferedAt == returned.OfferedAt);
        // Well within the phone's ring time (4 s): as for a phone that never registered.
        Assert.True(returned.ReturnedAt - offered.OfferedAt < TimeSpan.FromSeconds(2), $"the offer came back after {returned.ReturnedAt - offered.OfferedAt}");
        Assert.Contains(platform.Logs.Lines, l => l.Contains("did not take it (404)", StringComparison.Ordinal));
        Assert.Empty(platform.Published.OfType<CallAnswered>());
        await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallAbandoned>().FirstOrDefault()), "the caller's cancel to abandon the call");
    }

    /// <summary>Registers as the desk's softphone does: over Kamailio's WebSocket, answering its digest challenge.</summary>
    private async Task<ClientWebSocket> RegisterOverWebSocketAsync(Telephony.Credentials.SipCredentials credentials)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("sip");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{edge.WebSocketPort}"), CancellationToken.None);
        var agent = credentials.Username.Split(':')[1];
        var uri = "sip:" + credentials.Realm;
        string Register(int cseq, string authorization) => string.Join("\r\n",
            $"REGISTER {uri} SIP/2.0", $"Via: SIP/2.0/WS softphone.invalid;branch=z9hG4bK-reg-{cseq}",
            $"From: <{credentials.Uri}>;tag=desk", $"To: <{credentials.Uri}>", "Call-ID: desk-registration@softphone.invalid",
            $"CSeq: {cseq} REGISTER", $"Contact: <sip:{agent}@softphone.invalid;transport=ws>", authorization + "Expires: 300",
            "Max-Forwards: 70", "Content-Length: 0", "", "");
        var challenge = await ExchangeAsync(socket, Register(1, ""));
        Assert.StartsWith("SIP/2.0 401", challenge);
        var nonce = Regex.Match(challenge, "nonce=\"([^\"]+)\"").Groups[1].Value;
        static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
        var response = Md5($"{Md5($"{credentials.Username}:{credentials.Realm}:{credentials.Password}")}:{nonce}:{Md5("REGISTER:" + uri)}");
        var reply = await ExchangeAsync(socket, Register(2,
            $"Authorization: Digest username=\"{credentials.Username}\", realm=\"{credentials.Realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5\r\n"));
        Assert.StartsWith("SIP/2.0 200", reply);
        return socket;
    }

    private static async Task<string> ExchangeAsync(ClientWebSocket socket, string request)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
