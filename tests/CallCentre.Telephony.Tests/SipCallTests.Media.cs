using System.Net;
using System.Net.Sockets;
using CallCentre.Contracts.Routing;

namespace CallCentre.Telephony.Tests;

public sealed partial class SipCallTests
{
    [Fact]
    public async Task RtpEngineOutOfPorts_RefusesTheCall_BeforeRoutingSeesIt()
    {
        using var platform = await PlatformAsync();
        var taken = Enumerable.Range(edge.RtpPortMin, SipEdge.RtpPortCount).Select(port =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }).ToList();
        try
        {
            await using var caller = Caller("caller_refused.xml", SipEdge.FreePort(), pauseMs: 0);
            await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller refused with 503", () => Diagnostics(platform));
        }
        finally
        {
            taken.ForEach(socket => socket.Dispose());
        }

        Assert.Contains("no media session for", ReadShared(edge.KamailioLog));
        Assert.Contains("Ran out of ports", ReadShared(edge.RtpEngineLog));
        Assert.Empty(platform.Published.OfType<CallQueued>());
        Assert.Empty(platform.Published.OfType<CallOffered>());
        Assert.DoesNotContain(platform.Logs.Lines, line => line.Contains("SIP call", StringComparison.Ordinal));
    }
}
