using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;

namespace CallCentre.Telephony.Tests;

/// <summary>A transfer the caller's side does not follow, and a blind transfer to a queue.</summary>
public sealed partial class SipCallTests
{
    [Theory]
    [InlineData("caller_refuses_transfer.xml", "603", 0)]
    [InlineData("caller_transfer_fails.xml", "503", 0)]
    // Accepted, then no INVITE to the transfer's address: the edge gives up after its wait (checked every 5 s).
    [InlineData("caller_ignores_transfer.xml", "408", (SipEdge.TransferWaitSeconds + 12) * 1000)]
    public async Task TransferTheCallersSideDoesNotFollow_LeavesTheCallWithTheFirstAgent_InRoutingToo(string scenario, string reason, int pauseMs)
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        await SignInAsync(platform, "agent01");
        await Task.Delay(50);
        await SignInAsync(platform, "agent02");
        var (firstPort, secondPort) = (SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", firstPort);
        await RegisterAsync(platform, "agent02", secondPort);
        await using var first = Phone("agent_answer.xml", firstPort, SipEdge.FreePort());
        await using var second = Phone("agent_answer.xml", secondPort, SipEdge.FreePort());
        await using var caller = Caller(scenario, SipEdge.FreePort(), pauseMs);

        var answered = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer"), () => caller.Messages() + Diagnostics(platform));
        Assert.Equal("agent01", answered.AgentId);
        using var desk = await platform.HttpAs("agent01");
        using (var transfer = await desk.PostAsJsonAsync($"/api/agents/me/calls/{answered.CallId}/transfer", new { agentId = "agent02" }))
            await SucceededAsync(transfer, "the desk's blind transfer");

        var failed = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallTransferFailed>().FirstOrDefault()),
            "Routing to hear that the transfer failed", TimeSpan.FromSeconds(SipEdge.TransferWaitSeconds + 20)), () => caller.Messages() + Diagnostics(platform));
        Assert.Equal((answered.CallId, "agent01", QueueId, reason), (failed.CallId, failed.AgentId, failed.QueueId, failed.Reason));
        using (var me = await desk.GetAsync("/api/agents/me"))
        {
            var call = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("call");
            Assert.Equal((answered.CallId, true), (call.GetProperty("callId").GetGuid(), call.GetProperty("transferFailed").GetBoolean()));
            Assert.NotEqual(JsonValueKind.Null, call.GetProperty("answeredAt").ValueKind);
        }
        Assert.Contains(platform.Published.OfType<CallOfferReturned>(), r => r is { AgentId: "agent02", Reason: OfferReturn.Withdrawn });

        await caller.SucceedsAsync(TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(pauseMs), "the caller (talks on after the failed transfer, then BYE)",
            () => caller.Messages() + Diagnostics(platform));
        await first.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone, still with the caller until the BYE", () => first.Messages());
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal(("agent01", answered.CallId), (completed.AgentId, completed.CallId));
        // Talk is the second leg's, from the failure on.
        Assert.InRange(completed.TalkSeconds, 1.5, 10.0 + (pauseMs > 0 ? pauseMs / 1000.0 - SipEdge.TransferWaitSeconds : 0));
        Assert.DoesNotContain("INVITE", second.Messages());
        Assert.Equal(["agent01", "agent01"], platform.Published.OfType<CallAnswered>().Select(a => a.AgentId));

        using var admin = await platform.HttpAs("admin");
        var figures = await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<Contracts.Sla.QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .SingleOrDefault(q => q.QueueId == QueueId && q.Answered > 0), "SlaTracking to count the call");
        Assert.Equal((1, 1, 0), (figures.Offered, figures.Answered, figures.Abandoned));
        Assert.Single(platform.Published.OfType<CallCompleted>());
    }

    [Fact]
    public async Task BlindTransferToAQueue_QueuesTheCallersNewCall_WithMusic_UntilTheNextAgentsPhoneAnswers()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        await SignInAsync(platform, "agent01");
        var (firstPort, secondPort) = (SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", firstPort);
        await RegisterAsync(platform, "agent02", secondPort);
        await using var first = Phone("agent_answer.xml", firstPort, SipEdge.FreePort());
        await using var second = Phone("agent_answer.xml", secondPort, SipEdge.FreePort(), answerAfterMs: 1000);
        await using var caller = Caller("caller_transferred.xml", SipEdge.FreePort(), pauseMs: 0);

        var answered = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer"), () => caller.Messages() + Diagnostics(platform));
        Assert.Equal("agent01", answered.AgentId);
        using (var desk = await platform.HttpAs("agent01"))
        {
            using (var transfer = await desk.PostAsJsonAsync($"/api/agents/me/calls/{answered.CallId}/transfer", new { queueId = QueueId }))
                await SucceededAsync(transfer, "the desk's blind transfer to the queue");
            // agent01 leaves for a break after its wrap-up: the queue's next available agent is agent02.
            using var away = await desk.PutAsJsonAsync("/api/agents/me/state", new { state = "NotReady", reason = "break" });
            await SucceededAsync(away, "agent01 going NotReady");
        }

        var target = await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(
                Regex.Matches(caller.Messages(), "CSeq: 3 NOTIFY").Count >= 2 && ReferTo().Match(caller.Messages()) is { Success: true } m ? m.Groups[1].Value : null),
            "the REFER to reach the caller"), () => caller.Messages() + Diagnostics(platform));
        using var ear = new CallerEar();
        await using var transferred = Sipp.Start("caller_listening.xml", SipEdge.FreePort(), [$"127.0.0.1:{edge.SipPort}", "-s", target,
            "-key", "caller", "0612345678", "-key", "listen_port", ear.Port.ToString(), "-d", "3000"]);
        // Nobody available: the new call waits in the queue and hears its music (the fixture's steady tone).
        var queuedFrom = DateTime.UtcNow;
        await ear.HearsAsync(CallerEar.Heard.Media, queuedFrom, "the transferred caller to hear the queue's music");
        Assert.Equal("Waiting", await CallStateAsync(platform, answered.CallId));
        await SignInAsync(platform, "agent02");

        await transferred.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller's call to the transfer address", () => Diagnostics(platform));
        await caller.SucceedsAsync(TimeSpan.FromSeconds(10), "the caller's first call (REFER, then BYE)", () => caller.Messages() + Diagnostics(platform));
        await first.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone (released with a BYE)", () => first.Messages());
        await second.SucceedsAsync(TimeSpan.FromSeconds(10), "agent02's phone");

        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal(("agent02", answered.CallId), (completed.AgentId, completed.CallId));
        var moved = Single<CallTransferred>(platform);
        Assert.Equal(("agent01", QueueId, QueueId), (moved.AgentId, moved.FromQueueId, moved.ToQueueId));
        Assert.Equal(["agent01", "agent02"], platform.Published.OfType<CallAnswered>().Select(a => a.AgentId));
        // Two legs of one call: agent01's ended by the transfer, agent02's completed.
        var legs = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(
            platform.Published.OfType<CallLegEnded>().Count() >= 2 ? platform.Published.OfType<CallLegEnded>().ToList() : null), "both legs to end");
        Assert.Equal([("agent01", CallLegEnd.Transferred), ("agent02", CallLegEnd.Completed)],
            legs.OrderBy(l => l.EndedAt).Select(l => (l.AgentId, l.EndedBy)));
        Assert.All(legs, l => Assert.Equal(answered.CallId, l.CallId));

        using var admin = await platform.HttpAs("admin");
        var figures = await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<Contracts.Sla.QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .SingleOrDefault(q => q.QueueId == QueueId && q.Answered > 0), "SlaTracking to count the call");
        Assert.Equal((1, 1, 0), (figures.Offered, figures.Answered, figures.Abandoned));
    }

    private static async Task<string?> CallStateAsync(EmbeddedPlatform platform, Guid callId)
    {
        using var admin = await platform.HttpAs("admin");
        return JsonDocument.Parse(await admin.GetStringAsync($"/api/telephony/calls/{callId}")).RootElement.GetProperty("state").GetString();
    }
}
