using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;

namespace CallCentre.Telephony.Tests;

/// <summary>Transfers that move the caller's SIP call to another agent's phone (REFER to the caller's side).</summary>
public sealed partial class SipCallTests
{
    [Fact]
    public Task BlindTransferFromTheDesk_MovesTheCallerToTheColleaguesPhone_AsOneCall() =>
        TransferredCallAsync(async (platform, callId) =>
        {
            using var desk = await platform.HttpAs("agent01");
            using var transfer = await desk.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { agentId = "agent02" });
            await SucceededAsync(transfer, "the desk's blind transfer");
        });

    /// <summary>Kamailio is killed and started again once agent01's phone has answered: what the REFER and the BYEs need of the
    /// dialog comes back from the module's sealed copy (<c>{"cmd":"restore"}</c>), and the transfer goes as without the restart.</summary>
    [Fact]
    public Task KamailioRestartedInTheMiddleOfACall_ThenTransferred_ReachesTheColleague() =>
        TransferredCallAsync(async (platform, callId) =>
        {
            using var desk = await platform.HttpAs("agent01");
            using var transfer = await desk.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { agentId = "agent02" });
            await SucceededAsync(transfer, "the desk's blind transfer after Kamailio's restart");
        }, restartKamailio: true);

    /// <summary>The consult itself happens on the desks (agent02's phone does not ring, the caller hears the hold music); its
    /// completion moves the caller to agent02's phone as a blind transfer does.</summary>
    [Fact]
    public Task ConsultCompletedFromTheDesk_MovesTheCallerToTheConsultedColleaguesPhone() =>
        TransferredCallAsync(async (platform, callId) =>
        {
            using var desk = await platform.HttpAs("agent01");
            using (var consult = await desk.PostAsJsonAsync($"/api/agents/me/calls/{callId}/consult", new { agentId = "agent02" }))
                await SucceededAsync(consult, "the consult");
            using (var colleague = await platform.HttpAs("agent02"))
            using (var answer = await colleague.PostAsync($"/api/agents/me/calls/{callId}/answer", null))
                await SucceededAsync(answer, "agent02 taking the consult on the desk");
            using var complete = await desk.PostAsync($"/api/agents/me/calls/{callId}/consult/complete", null);
            await SucceededAsync(complete, "the consult's completion");
        });

    /// <summary>agent01's phone answers a SIPp caller that takes REFER; <paramref name="transferFromDesk"/> moves the call to
    /// agent02 on agent01's desk; the caller calls the Refer-To address as a trunk would, agent02's phone answers and echoes.</summary>
    private async Task TransferredCallAsync(Func<EmbeddedPlatform, Guid, Task> transferFromDesk, bool restartKamailio = false)
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
        if (restartKamailio)
        {
            var restored = KamailioLogCount("restored: answered by agent01");
            await edge.RestartKamailioAsync();
            await TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("restored: answered by agent01") > restored ? "restored" : null),
                "the module to give the call back to the restarted Kamailio", TimeSpan.FromSeconds(15));
            // The registrations died with Kamailio: agent02's phone registers again, as it would at its own interval.
            await RegisterAsync(platform, "agent02", secondPort);
        }
        await transferFromDesk(platform, answered.CallId);

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
        // agent02's leg: 4 s with the caller's new call, plus the REFER's round trip after a consult (answered at its completion).
        Assert.InRange(completed.TalkSeconds, 2.5, 12.0);
        Assert.Equal("agent01", Single<CallTransferred>(platform).AgentId);
        Assert.Empty(platform.Published.OfType<CallTransferFailed>());
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

    private static async Task SucceededAsync(HttpResponseMessage response, string what) =>
        Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

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
