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
    private static readonly SipDialogAddresses Addresses = new("sip:0612345678@trunk", "sip:33100000001@edge", "sip:0612345678@10.0.0.1:5060",
        "sip:10.0.0.1:5060;transport=udp", "sip:agent01@10.0.0.2:5062", "sip:10.0.0.2:5062;transport=udp", 1);

    [Fact]
    public void ConnectedCall_CarriesItsDialog() =>
        Assert.Equal("""{"cmd":"restore","callId":"c@x","agent":"agent01","queue":"q1","state":"answered","callerTag":"ct","phoneTag":"pt","webrtc":1,"held":0,"dialog":{"callerUri":"sip:0612345678@trunk","dialledUri":"sip:33100000001@edge","callerContact":"sip:0612345678@10.0.0.1:5060","callerDst":"sip:10.0.0.1:5060;transport=udp","phoneContact":"sip:agent01@10.0.0.2:5062","phoneDst":"sip:10.0.0.2:5062;transport=udp","refer":1},"callerCseq":3,"phoneCseq":2}""",
            System.Text.Json.JsonSerializer.Serialize(SipCommand.Restore(
                new SipDialog("c@x", "q1", SipCallStore.Connected, "agent01", "ct", "pt", WebRtc: true, Held: false, Addresses, CallerCseq: 3, PhoneCseq: 2))));

    [Fact]
    public void ConnectedCallWithoutItsAddresses_IsRestoredWithoutThem() =>
        Assert.DoesNotContain("\"dialog\"", System.Text.Json.JsonSerializer.Serialize(SipCommand.Restore(
            new SipDialog("c@x", "q1", SipCallStore.Connected, "agent01", "ct", "pt", WebRtc: false, Held: false))), StringComparison.Ordinal);

    [Fact]
    public void WaitingCall_CarriesItsCallerTagOnly() =>
        Assert.Equal("""{"cmd":"restore","callId":"c@x","queue":"q1","state":"waiting","callerTag":"ct"}""",
            System.Text.Json.JsonSerializer.Serialize(SipCommand.Restore(
                new SipDialog("c@x", "q1", SipCallStore.Queued, "agent01", "ct", "pt", WebRtc: true, Held: true, Addresses, 3, 2))));

    [Fact]
    public void AnsweredEvent_ReadsTheDialogsTags() =>
        Assert.Equal(new SipEvent("answered", "c@x", Agent: "agent01", CallerTag: "ct", PhoneTag: "pt", WebRtc: 0),
            System.Text.Json.JsonSerializer.Deserialize<SipEvent>("""{"event":"answered","callId":"c@x","agent":"agent01","callerTag":"ct","phoneTag":"pt","webrtc":0}"""));

    /// <summary>The shape kamailio.cfg's route[DIALOG] writes.</summary>
    [Fact]
    public void AnsweredEvent_ReadsTheDialogsAddressesAndCseqs() =>
        Assert.Equal(new SipEvent("answered", "c@x", Agent: "agent01", Dialog: Addresses, CallerCseq: 1, PhoneCseq: 0),
            System.Text.Json.JsonSerializer.Deserialize<SipEvent>("""{"event":"answered","callId":"c@x","agent":"agent01","dialog":{"callerUri":"sip:0612345678@trunk","dialledUri":"sip:33100000001@edge","callerContact":"sip:0612345678@10.0.0.1:5060","callerDst":"sip:10.0.0.1:5060;transport=udp","phoneContact":"sip:agent01@10.0.0.2:5062","phoneDst":"sip:10.0.0.2:5062;transport=udp","refer":1},"callerCseq":1,"phoneCseq":0}"""));
}

public sealed class SipDialogSealTests
{
    private static SipDialogSeal Seal(string secret) => new(Options.Create(new TelephonyOptions { SipSecret = secret }));

    private static readonly SipDialogAddresses Addresses = new("sip:0612345678@trunk", "sip:33100000001@edge", "sip:0612345678@10.0.0.1",
        "sip:10.0.0.1:5060;transport=udp", "sip:agent01@10.0.0.2", "sip:10.0.0.2:5062;transport=udp", 1);

    [Fact]
    public void SealedDialog_OpensForItsCallOnly_AndNamesNoNumber()
    {
        var seal = Seal("0123456789abcdef0123");
        var sealedValue = seal.Seal("c1@trunk", Addresses);
        Assert.DoesNotContain("0612345678", sealedValue, StringComparison.Ordinal);
        Assert.Equal(Addresses, seal.Open("c1@trunk", sealedValue));
        Assert.Null(seal.Open("c2@trunk", sealedValue));
        Assert.Null(Seal("another secret of 20 chars").Open("c1@trunk", sealedValue));
    }
}
