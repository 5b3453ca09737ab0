using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The agent puts a connected call on hold and takes it off hold: the hold reaches CallCompleted and SlaTracking's
/// handle time, survives a Routing restart, and a transferred leg's hold and wrap-up count once.</summary>
public sealed class HoldApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<Guid> ConnectedCallAsync(EmbeddedPlatform platform, string agentId, string callerNumber)
    {
        var client = platform.Platform();
        var pbx = await client.LoginAsync("pbx", "demo", default);
        var token = await client.LoginAsync(agentId, "demo", default);
        Assert.Equal(HttpStatusCode.OK, await client.SetStateAsync(token, "Available", null, default));
        var call = await client.PostCallAsync(pbx, "lumiere-banking-fr", callerNumber, default);
        Assert.Equal(HttpStatusCode.OK, await client.AnswerAsync(token, call.CallId, default));
        return call.CallId;
    }

    private async Task<QueueServiceLevelUpdated> TodayAsync(Func<QueueServiceLevelUpdated, bool> ready, string what)
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        return await TestInfrastructure.EventuallyAsync(async () =>
        {
            var all = await supervisor.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
            return all!.FirstOrDefault(q => q.QueueId == "lumiere-banking-fr" && ready(q));
        }, what);
    }

    private Task<List<CallWrapUpEnded>> WrapUpsAsync(Guid callId, int legs) => TestInfrastructure.EventuallyAsync(() => Task.FromResult(
        _platform.Published.OfType<CallWrapUpEnded>().Where(w => w.CallId == callId).ToList() is var ended && ended.Count == legs ? ended : null),
        $"{legs} CallWrapUpEnded");

    [Fact]
    public async Task HoldThenComplete_CallCompletedCarriesTheHold_AndTheReportsHandleTimeIncludesIt()
    {
        var callId = await ConnectedCallAsync(_platform, "agent01", "+33600000401");
        using var agent = await _platform.HttpAs("agent01");

        using var held = await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var heldCall = (await Json(held)).GetProperty("call");
        Assert.True(heldCall.GetProperty("onHold").GetBoolean());
        Assert.Equal("OnCall", (await Json(await agent.GetAsync("/api/agents/me"))).GetProperty("state").GetString());
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var resumed = await agent.PostAsync($"/api/agents/me/calls/{callId}/resume", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var resumedCall = (await Json(resumed)).GetProperty("call");
        Assert.False(resumedCall.GetProperty("onHold").GetBoolean());
        Assert.True(resumedCall.GetProperty("holdSeconds").GetDouble() >= 1.2);
        // A second hold adds up; completing the call while held ends it.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{callId}/complete", new { disposition = "resolved" })).StatusCode);

        var completed = await TestInfrastructure.EventuallyAsync(
            () => Task.FromResult(_platform.Published.OfType<CallCompleted>().FirstOrDefault(c => c.CallId == callId)), "CallCompleted");
        Assert.True(completed.HoldSeconds >= 1.7, $"hold {completed.HoldSeconds}");
        Assert.Equal((completed.CompletedAt - completed.AnsweredAt).TotalSeconds, completed.TalkSeconds + completed.HoldSeconds, 6);
        Assert.Equal(2, _platform.Published.OfType<CallHeld>().Count(h => h.CallId == callId));
        Assert.Single(_platform.Published.OfType<CallResumed>(), r => r.CallId == callId);

        // The one call of the queue today: its handle time is talk + hold + the wrap-up done.
        var wrapUp = Assert.Single(await WrapUpsAsync(callId, 1));
        Assert.InRange(wrapUp.WrapUpSeconds, completed.WrapUpSeconds, completed.WrapUpSeconds + 5);
        var expected = completed.TalkSeconds + completed.HoldSeconds + wrapUp.WrapUpSeconds;
        var today = await TodayAsync(q => Math.Abs(q.AverageHandleSeconds - expected) < 0.005, "the completed call's handle time");
        Assert.Equal(expected, today.AverageHandleSeconds, 2);
    }

    [Fact]
    public async Task HoldAndResume_AreRefusedOutOfTurn_ForAnotherAgent_AndWithoutAToken()
    {
        var callId = await ConnectedCallAsync(_platform, "agent01", "+33600000402");
        using var agent = await _platform.HttpAs("agent01");

        using var resumeFirst = await agent.PostAsync($"/api/agents/me/calls/{callId}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resumeFirst.StatusCode);
        Assert.Equal("application/problem+json", resumeFirst.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not on hold", (await Json(resumeFirst)).GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
        using var holdTwice = await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null);
        Assert.Equal(HttpStatusCode.Conflict, holdTwice.StatusCode);
        Assert.Equal(409, (await Json(holdTwice)).GetProperty("status").GetInt32());

        using var other = await _platform.HttpAs("agent02");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/agents/me/calls/{callId}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/agents/me/calls/{Guid.NewGuid()}/hold", null)).StatusCode);
        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/agents/me/calls/{callId}/resume", null)).StatusCode);
        using var anonymous = _platform.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/agents/me/calls/{callId}/resume", null)).StatusCode);

        // Still held, by its own agent only.
        var me = await Json(await agent.GetAsync("/api/agents/me"));
        Assert.True(me.GetProperty("call").GetProperty("onHold").GetBoolean());
    }

    [Fact]
    public async Task TransferredLeg_HoldAndWrapUp_CountOnceInTheHandleTime()
    {
        var callId = await ConnectedCallAsync(_platform, "agent01", "+33600000403");
        using var first = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { queueId = "lumiere-cards-fr" })).StatusCode);

        var client = _platform.Platform();
        var second = await client.LoginAsync("agent02", "demo", default);
        Assert.Equal(HttpStatusCode.OK, await client.SetStateAsync(second, "Available", null, default));
        await TestInfrastructure.EventuallyAsync(async () =>
            await client.GetAgentAsync(second, default) is { State: "Reserved", Call: { } c } && c.CallId == callId ? c : null, "the offer to agent02");
        Assert.Equal(HttpStatusCode.OK, await client.AnswerAsync(second, callId, default));
        Assert.Equal(HttpStatusCode.OK, await client.CompleteAsync(second, callId, "resolved", default));

        var completed = await TestInfrastructure.EventuallyAsync(
            () => Task.FromResult(_platform.Published.OfType<CallCompleted>().FirstOrDefault(c => c.CallId == callId)), "CallCompleted");
        var transferred = _platform.Published.OfType<CallTransferred>().Single(t => t.CallId == callId);
        var firstAnswer = _platform.Published.OfType<CallAnswered>().Where(a => a.CallId == callId).Min(a => a.AnsweredAt);
        Assert.True(transferred.HoldSeconds >= 1, $"hold {transferred.HoldSeconds}");
        Assert.Equal(5, transferred.WrapUpSeconds); // lumiere-banking-fr's after-call work, done by agent01
        Assert.Equal(0, completed.HoldSeconds);

        // The after-call work each agent actually did: each ends at the tick that makes the agent available again.
        var wrapUps = await WrapUpsAsync(callId, 2);
        Assert.Equal(["agent01", "agent02"], wrapUps.Select(w => w.AgentId).Order());
        Assert.All(wrapUps, w => Assert.InRange(w.WrapUpSeconds, 5, 10));

        // Leg 1 (answer to transfer: talk and hold) + its wrap-up + leg 2's talk, hold and wrap-up.
        var expected = (transferred.TransferredAt - firstAnswer).TotalSeconds + completed.TalkSeconds + completed.HoldSeconds
            + wrapUps.Sum(w => w.WrapUpSeconds);
        var today = await TodayAsync(q => Math.Abs(q.AverageHandleSeconds - expected) < 0.005, "the transferred call's handle time");
        // Instants are stored in whole milliseconds: the sum of three of them may differ from the events' ticks by < 3 ms.
        Assert.Equal(expected, today.AverageHandleSeconds, 0.005);
    }

    public void Dispose() => _platform.Dispose();
}

/// <summary>A held call survives a restart of the platform on the same databases: still held, and its hold still counts.</summary>
public sealed class HoldRestartTests
{
    [Fact]
    public async Task HeldCall_StaysHeldAcrossARestart_AndItsHoldCounts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcentre-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Guid callId;
            DateTimeOffset heldAt;
            using (var before = new EmbeddedPlatform(dataFolder: folder))
            {
                callId = await ConnectedCallAsync(before);
                using var agent = await before.HttpAs("agent01");
                Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{callId}/resume", null)).StatusCode);
                using var held = await agent.PostAsync($"/api/agents/me/calls/{callId}/hold", null);
                heldAt = (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call").GetProperty("heldSince").GetDateTimeOffset();
            }

            using var after = new EmbeddedPlatform(dataFolder: folder);
            await TestInfrastructure.EventuallyAsync(async () =>
                (await after.Http().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK ? "ready" : null, "readiness");
            using var again = await after.HttpAs("agent01");
            var me = await again.GetFromJsonAsync<JsonElement>("/api/agents/me");
            Assert.Equal("OnCall", me.GetProperty("state").GetString());
            var call = me.GetProperty("call");
            Assert.Equal(callId, call.GetProperty("callId").GetGuid());
            Assert.True(call.GetProperty("onHold").GetBoolean());
            // Stored to the millisecond.
            Assert.True(Math.Abs((heldAt - call.GetProperty("heldSince").GetDateTimeOffset()).TotalMilliseconds) < 1);
            using var holdAgain = await again.PostAsync($"/api/agents/me/calls/{callId}/hold", null);
            Assert.Equal(HttpStatusCode.Conflict, holdAgain.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync($"/api/agents/me/calls/{callId}/complete", new { disposition = "resolved" })).StatusCode);

            var completed = await TestInfrastructure.EventuallyAsync(
                () => Task.FromResult(after.Published.OfType<CallCompleted>().FirstOrDefault(c => c.CallId == callId)), "CallCompleted");
            // The hold ran from before the restart until the completion.
            Assert.True(completed.HoldSeconds >= (completed.CompletedAt - heldAt).TotalSeconds - 0.001, $"hold {completed.HoldSeconds}");
            Assert.Equal((completed.CompletedAt - completed.AnsweredAt).TotalSeconds, completed.TalkSeconds + completed.HoldSeconds, 6);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<Guid> ConnectedCallAsync(EmbeddedPlatform platform)
    {
        var client = platform.Platform();
        var pbx = await client.LoginAsync("pbx", "demo", default);
        var token = await client.LoginAsync("agent01", "demo", default);
        Assert.Equal(HttpStatusCode.OK, await client.SetStateAsync(token, "Available", null, default));
        var call = await client.PostCallAsync(pbx, "lumiere-banking-fr", "+33600000404", default);
        Assert.Equal(HttpStatusCode.OK, await client.AnswerAsync(token, call.CallId, default));
        return call.CallId;
    }
}
