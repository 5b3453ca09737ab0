using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using CallCentre.Telephony.Credentials;

namespace CallCentre.Telephony.Tests;

/// <summary>Agents' phones register with Kamailio using credentials the platform derives from their account
/// (auth_ephemeral): no second password, and an agent registers only as itself.</summary>
public sealed class SipCredentialTests(SipEdge edge) : IClassFixture<SipEdge>
{
    /// <summary>The signed-in agent's credentials, from <c>GET /api/telephony/sip-credentials</c>.</summary>
    public static async Task<SipCredentials> CredentialsAsync(EmbeddedPlatform platform, string agentId)
    {
        using var http = await platform.HttpAs(agentId);
        using var response = await http.GetAsync("/api/telephony/sip-credentials");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (await response.Content.ReadFromJsonAsync<SipCredentials>())!;
    }

    private EmbeddedPlatform Platform() => new(settings: edge.ModuleSettings("33100000001", "lumiere-banking-ar"));

    private async Task RegisterAsync(string scenario, string agentId, string username, string password, string what)
    {
        await using var register = Sipp.Register(scenario, edge.SipPort, agentId, SipEdge.FreePort(), username, password);
        await register.SucceedsAsync(TimeSpan.FromSeconds(20), what);
    }

    [Fact]
    public async Task CredentialsOfTheSignedInAgent_Register()
    {
        using var platform = Platform();
        var before = DateTimeOffset.UtcNow;

        var credentials = await CredentialsAsync(platform, "agent01");

        var expiry = long.Parse(credentials.Username.Split(':')[0], CultureInfo.InvariantCulture);
        Assert.Equal($"{expiry}:agent01", credentials.Username);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(expiry), before.AddHours(8).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(8));
        Assert.Equal("sip:agent01@127.0.0.1", credentials.Uri);
        await RegisterAsync("agent_register.xml", "agent01", credentials.Username, credentials.Password, "registering with the issued credentials");
    }

    [Fact]
    public async Task WrongPassword_IsChallengedAgain()
    {
        using var platform = Platform();
        var credentials = await CredentialsAsync(platform, "agent01");
        var wrong = SipCredentialIssuer.Password("not-the-secret-of-this-edge", credentials.Username);

        await RegisterAsync("agent_register_unauthorized.xml", "agent01", credentials.Username, wrong, "registering with a wrong password");
    }

    [Fact]
    public async Task ExpiredCredentials_AreChallengedAgain()
    {
        // Signed with the edge's own secret, but their time ran out a minute ago.
        var username = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":agent01";

        await RegisterAsync("agent_register_unauthorized.xml", "agent01", username, SipCredentialIssuer.Password(edge.SipSecret, username),
            "registering with expired credentials");
    }

    [Fact]
    public async Task RegisteringAsAnotherAgent_IsForbidden()
    {
        using var platform = Platform();
        var agent02 = await CredentialsAsync(platform, "agent02");

        await RegisterAsync("agent_register_forbidden.xml", "agent01", agent02.Username, agent02.Password, "agent02 registering agent01's address");
    }

    [Fact]
    public async Task InviteOverTheWebSocket_WithoutCredentials_IsChallenged()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("sip");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{edge.WebSocketPort}"), CancellationToken.None);
        var invite = string.Join("\r\n",
            $"INVITE sip:33100000001@127.0.0.1:{edge.SipPort} SIP/2.0",
            "Via: SIP/2.0/WS softphone.invalid;branch=z9hG4bK-ws-1",
            "From: <sip:agent01@127.0.0.1>;tag=ws1",
            "To: <sip:33100000001@127.0.0.1>",
            "Call-ID: ws-invite-1@softphone.invalid",
            "CSeq: 1 INVITE",
            "Contact: <sip:agent01@softphone.invalid;transport=ws>",
            "Max-Forwards: 70",
            "Content-Length: 0", "", "");

        await socket.SendAsync(Encoding.UTF8.GetBytes(invite), WebSocketMessageType.Text, true, CancellationToken.None);

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string reply;
        do
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            reply = Encoding.UTF8.GetString(buffer, 0, received.Count);
        }
        while (reply.StartsWith("SIP/2.0 100", StringComparison.Ordinal));
        Assert.StartsWith("SIP/2.0 407", reply);
        Assert.Contains("Proxy-Authenticate: Digest", reply);
    }
}
