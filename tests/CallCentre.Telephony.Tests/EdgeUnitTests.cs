using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Modules;
using CallCentre.Telephony.Calls;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Tests;

public sealed class NetstringTests
{
    [Fact]
    public void TwoMessagesSplitAcrossReads_AreReadWholeAndInOrder()
    {
        var bytes = Netstring.Encode("""{"event":"invite","callId":"é@x"}""").Concat(Netstring.Encode("{}")).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes[..7]);
        Assert.False(Netstring.TryRead(ref buffer, out _));

        buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(Netstring.TryRead(ref buffer, out var first));
        Assert.Equal("""{"event":"invite","callId":"é@x"}""", first);
        Assert.True(Netstring.TryRead(ref buffer, out var second));
        Assert.Equal("{}", second);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void LengthIsInBytes_NotCharacters() =>
        Assert.StartsWith("3:", Encoding.UTF8.GetString(Netstring.Encode("é.")));

    [Fact]
    public void FrameWithoutItsComma_IsRefused()
    {
        var buffer = new ReadOnlySequence<byte>("2:{}x"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => Netstring.TryRead(ref buffer, out _));
    }
}

public sealed class PbxCallIdTests
{
    [Theory]
    [InlineData("1-8706@127.0.0.1")]
    [InlineData("A84B4C76E66710@PC33.Atlanta.COM")]
    [InlineData("x")]
    public void SipCallId_BecomesAValidStableCentreId(string sipCallId)
    {
        var id = CallControl.PbxCallId(sipCallId);
        Assert.True(CentreIds.IsValid(id), id);
        Assert.Equal(id, CallControl.PbxCallId(sipCallId));
        Assert.NotEqual(id, CallControl.PbxCallId(sipCallId + "1"));
    }
}

public sealed class TelephonyModuleSelectionTests
{
    private static IReadOnlyList<string> Select(string modules) =>
        ModuleSelection.Select(new ConfigurationBuilder().AddInMemoryCollection([new("Modules", modules)]).Build(),
            [new Routing.RoutingModule(), new TelephonyModule()]).Select(m => m.Name).ToList();

    [Fact]
    public void All_LeavesTelephonyOut() => Assert.Equal(["routing"], Select("all"));

    [Fact]
    public void AllAndTelephony_HostsBoth() => Assert.Equal(["routing", "telephony"], Select("all,telephony"));

    [Fact]
    public void TelephonyNamed_IsHosted() => Assert.Equal(["telephony"], Select("telephony"));
}

public sealed class TransferTargetTests
{
    [Theory]
    [InlineData("xfer-0123456789abcdef0123456789abcdef", true)]
    [InlineData("xfer-0123456789ABCDEF0123456789abcdef", false)]
    [InlineData("xfer-0123456789abcdef0123456789abcde", false)]
    [InlineData("xfer-0123456789abcdef0123456789abcdeg", false)]
    [InlineData("33100000001", false)]
    [InlineData("xfer0-123456789abcdef0123456789abcdef", false)]
    [InlineData(null, false)]
    public void OnlyTheEdgesOwnTransferAddresses_AreTransferTargets(string? number, bool expected) =>
        Assert.Equal(expected, CallControl.IsTransferTarget(number));

    [Fact]
    public void TransferCommand_NamesItsTarget_AndLeavesOutWhatItHasNot() =>
        Assert.Equal("""{"cmd":"transfer","callId":"c@x","target":"xfer-1"}""",
            System.Text.Json.JsonSerializer.Serialize(SipCommand.Transfer("c@x", "xfer-1")));
}

public sealed class RoutingClientTests
{
    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private sealed class Failing(Func<int, Exception?> fail) : HttpMessageHandler
    {
        public int Posts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var attempt = Interlocked.Increment(ref Posts);
            return fail(attempt) is { } e
                ? Task.FromException<HttpResponseMessage>(e)
                : Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted)
                {
                    Content = JsonContent.Create(new { callId = Guid.Empty, state = "Waiting" }),
                });
        }
    }

    private static RoutingClient Client(HttpMessageHandler handler)
    {
        var auth = new AuthOptions { SigningKey = SigningKeys.NewPrivateKeyPem() };
        return new RoutingClient(new Factory(handler), Options.Create(new TelephonyOptions { RoutingUrl = "http://routing.invalid" }),
            new TokenIssuer(auth, SigningKeys.Load(auth, allowEphemeral: false), TimeProvider.System), null!);
    }

    [Fact]
    public async Task RoutingUnreachableOrSilentTwice_IsA503_NotAnException()
    {
        foreach (Exception failure in new Exception[] { new HttpRequestException("Connection refused"), new TaskCanceledException("timeout") })
        {
            var handler = new Failing(_ => failure);
            var (call, status) = await Client(handler).PostCallAsync("lumiere-bank", "q", "+33600000000", "sip-1", default);
            Assert.Equal((null, HttpStatusCode.ServiceUnavailable), (call, status));
            Assert.Equal(2, handler.Posts);
        }
    }

    [Fact]
    public async Task AFirstPostLost_IsRepeated_AndTheSecondAnswerPlacesTheCall()
    {
        var handler = new Failing(attempt => attempt == 1 ? new HttpRequestException("reset") : null);
        var (call, status) = await Client(handler).PostCallAsync("lumiere-bank", "q", "+33600000000", "sip-1", default);
        Assert.Equal((HttpStatusCode.Accepted, "Waiting"), (status, call?.State));
        Assert.Equal(2, handler.Posts);
    }
}

public sealed class RestoreCommandTests
{
    [Fact]
    public void ConnectedCall_CarriesItsDialog() =>
        Assert.Equal("""{"cmd":"restore","callId":"c@x","agent":"agent01","queue":"q1","state":"answered","callerTag":"ct","phoneTag":"pt","webrtc":1,"held":0}""",
            System.Text.Json.JsonSerializer.Serialize(SipCommand.Restore("c@x", answered: true, "agent01", "q1", "ct", "pt", webRtc: true, held: false)));

    [Fact]
    public void WaitingCall_CarriesNoDialog() =>
        Assert.Equal("""{"cmd":"restore","callId":"c@x","queue":"q1","state":"waiting"}""",
            System.Text.Json.JsonSerializer.Serialize(SipCommand.Restore("c@x", answered: false, "agent01", "q1", "ct", "pt", webRtc: true, held: true)));

    [Fact]
    public void AnsweredEvent_ReadsTheDialogsTags() =>
        Assert.Equal(new SipEvent("answered", "c@x", Agent: "agent01", CallerTag: "ct", PhoneTag: "pt", WebRtc: 0),
            System.Text.Json.JsonSerializer.Deserialize<SipEvent>("""{"event":"answered","callId":"c@x","agent":"agent01","callerTag":"ct","phoneTag":"pt","webrtc":0}"""));
}
