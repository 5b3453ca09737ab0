using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Routing's HTTP API beyond the slice: announcements, full queues, preferred agents, transfers and supervision.</summary>
public sealed class RoutingApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task WaitingCall_HasAPositionAndAnEstimatedWait_AndAFullQueueRejectsWithAReason()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var supervisor = await _platform.HttpAs("supervisor");
        // One agent (telecom 3, de 4) takes the first call; the rest wait, up to the queue's 60.
        using var agent = await _platform.HttpAs("agent28");
        await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        string? second = null;
        for (var i = 0; i < 62; i++)
        {
            using var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "helvet-support-de", callerNumber = $"+4144000{i:0000}" });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            var body = await Json(posted);
            if (i == 1) second = body.GetProperty("callId").GetString();
            if (i < 61) Assert.NotEqual("Rejected", body.GetProperty("state").GetString());
            else Assert.Equal(("Rejected", "full"), (body.GetProperty("state").GetString(), body.GetProperty("reason").GetString()));
        }
        var call = await Json(await pbx.GetAsync($"/api/telephony/calls/{second}"));
        Assert.Equal(1, call.GetProperty("position").GetInt32()); // the first rings at the agent
        Assert.True(call.GetProperty("estimatedWaitSeconds").GetDouble() > 0);

        var queues = await Json(await supervisor.GetAsync("/api/routing/queues"));
        var tile = queues.EnumerateArray().Single(q => q.GetProperty("queueId").GetString() == "helvet-support-de");
        Assert.Equal(60, tile.GetProperty("callsWaiting").GetInt32());
    }

    [Fact]
    public async Task PreferredAgent_MustExist()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var response = await pbx.PostAsJsonAsync("/api/telephony/calls",
            new { queueId = "lumiere-banking-fr", callerNumber = "+33600000009", preferredAgentId = "agent99" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("preferredAgentId", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Agent_TransfersAConnectedCall_ToAnotherQueue()
    {
        var platform = _platform.Platform();
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var token = await platform.LoginAsync("agent01", "demo", default);
        await platform.SetStateAsync(token, "Available", null, default);
        var call = await platform.PostCallAsync(pbx, "lumiere-banking-fr", "+33600000010", default);
        await platform.AnswerAsync(token, call.CallId, default);

        using var pbxHttp = await _platform.HttpAs("pbx");
        var queuedAt = (await Json(await pbxHttp.GetAsync($"/api/telephony/calls/{call.CallId}"))).GetProperty("queuedAt").GetDateTimeOffset();
        using var agent = await _platform.HttpAs("agent01");
        using var bad = await agent.PostAsJsonAsync($"/api/agents/me/calls/{call.CallId}/transfer", new { queueId = "nowhere" });
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Contains("queueId", await bad.Content.ReadAsStringAsync());
        using var other = await _platform.HttpAs("agent02");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/agents/me/calls/{call.CallId}/transfer", new { queueId = "lumiere-cards-fr" })).StatusCode);

        using var moved = await agent.PostAsJsonAsync($"/api/agents/me/calls/{call.CallId}/transfer", new { queueId = "lumiere-cards-fr" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var view = await Json(await pbxHttp.GetAsync($"/api/telephony/calls/{call.CallId}"));
        Assert.Equal("lumiere-cards-fr", view.GetProperty("queueId").GetString());
        Assert.Equal(queuedAt, view.GetProperty("queuedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Supervisor_SeesAndForcesAgents_OthersCannot()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        var agents = await Json(await supervisor.GetAsync("/api/routing/agents"));
        Assert.Equal(40, agents.GetArrayLength());

        using var forced = await supervisor.PutAsJsonAsync("/api/routing/agents/agent05/state", new { state = "NotReady", reason = "coaching" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var view = await Json(forced);
        Assert.Equal(("NotReady", "coaching"), (view.GetProperty("state").GetString(), view.GetProperty("reason").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PutAsJsonAsync("/api/routing/agents/agent99/state", new { state = "NotReady" })).StatusCode);
        using var badState = await supervisor.PutAsJsonAsync("/api/routing/agents/agent05/state", new { state = "OnCall" });
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", await badState.Content.ReadAsStringAsync());

        using var agent = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/routing/agents/agent05/state", new { state = "Available" })).StatusCode);
        using var client = await _platform.HttpAs("client-lumiere-bank");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/routing/agents")).StatusCode);
    }

    public void Dispose() => _platform.Dispose();
}
