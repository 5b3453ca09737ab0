using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;

namespace CallCentre.Telephony.Tests;

/// <summary>Transfers that move the caller's SIP call to another agent's phone (REFER to the caller's side).</summary>
public sealed partial class SipCallTests
{
    [Fact]
    public async Task BlindTransferFromTheDesk_MovesTheCallerToTheColleaguesPhone_AsOneCall()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        // agent01 first: the longest idle, offered the call first.
        await SignInAsync(platform, "agent01");
        await Task.Delay(50);
        await SignInAsync(platform, "agent02");
        var (firstPort, secondPort) = (SipEdge.FreePort(), SipEdge.FreePort());
        var (firstMedia, secondMedia, callerMedia, transferredMedia) = (SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", firstPort);
        await RegisterAsync(platform, "agent02", secondPort);
        await using var first = Phone("agent_answer.xml", firstPort, firstMedia);
        await using var second = Phone("agent_answer.xml", secondPort, secondMedia);
        await using var caller = Caller("caller_transferred.xml", callerMedia, pauseMs: 0);

        var answered = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer"), () => caller.Messages() + Diagnostics(platform));
        Assert.Equal("agent01", answered.AgentId);
        using (var desk = await platform.HttpAs("agent01"))
        using (var transfer = await desk.PostAsJsonAsync($"/api/agents/me/calls/{answered.CallId}/transfer", new { agentId = "agent02" }))
            Assert.True(transfer.IsSuccessStatusCode, $"the desk's transfer: {(int)transfer.StatusCode} {await transfer.Content.ReadAsStringAsync()}");

        // The caller's side got the REFER and its NOTIFY was answered: it now calls the Refer-To address, as a trunk would.
        var target = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(
                Regex.Matches(caller.Messages(), "CSeq: 3 NOTIFY").Count >= 2 && ReferTo().Match(caller.Messages()) is { Success: true } m ? m.Groups[1].Value : null),
            "the REFER to reach the caller"), () => caller.Messages() + Diagnostics(platform));
        await using var transferred = Sipp.Start("caller.xml", SipEdge.FreePort(),
            [$"127.0.0.1:{edge.SipPort}", "-s", target, "-key", "caller", "0612345678", "-mp", transferredMedia.ToString(), "-d", "4000"]);

        await transferred.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller's call to the transfer address", () => Diagnostics(platform));
        await caller.SucceedsAsync(TimeSpan.FromSeconds(10), "the caller's first call (REFER, then BYE)", () => caller.Messages() + Diagnostics(platform));
        await first.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone (released with a BYE)", () => first.Messages());
        // The edge's own BYE to the first phone names the caller as the queue, as the ring did.
        Assert.Matches(@"BYE sip:[^\n]*\n(.*\n)*?From: (""lumiere-banking-ar"" )?<sip:lumiere-banking-ar@", first.Messages());
        Assert.DoesNotContain("612345678", first.Messages());
        await second.SucceedsAsync(TimeSpan.FromSeconds(10), "agent02's phone");

        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal(("agent02", answered.CallId), (completed.AgentId, completed.CallId));
        Assert.InRange(completed.TalkSeconds, 2.5, 8.0);
        Assert.Equal("agent01", Single<CallTransferred>(platform).AgentId);
        Assert.Equal(["agent01", "agent02"], platform.Published.OfType<CallAnswered>().Select(a => a.AgentId));
        // One call in Routing throughout: the caller's second INVITE is the same call, not a new one.
        Assert.Equal([answered.CallId], platform.Published.OfType<CallQueued>().Select(q => q.CallId)
            .Concat(platform.Published.OfType<CallOffered>().Select(o => o.CallId))
            .Concat(platform.Published.OfType<CallAnswered>().Select(a => a.CallId)).Distinct());
        // The caller's new call talked with agent02's phone, which echoed it back.
        var (fromCaller, fromSecond) = (edge.PacketsFrom(transferredMedia), edge.PacketsFrom(secondMedia));
        Assert.True(fromCaller >= 80 && fromSecond >= 80, $"rtpengine received {fromCaller} RTP packets from the caller's new call and {fromSecond} from agent02's phone");

        using var admin = await platform.HttpAs("admin");
        var figures = await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<Contracts.Sla.QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .SingleOrDefault(q => q.QueueId == QueueId && q.Answered > 0), "SlaTracking to count the call");
        Assert.Equal((1, 1, 0), (figures.Offered, figures.Answered, figures.Abandoned));
    }

    private static async Task<T> Explained<T>(Task<T> wait, Func<string> context)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{context()}", e);
        }
    }

    [GeneratedRegex(@"Refer-To: <sip:(xfer-[0-9a-f]{32})@")]
    private static partial Regex ReferTo();
}
