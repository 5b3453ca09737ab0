using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>Consult transfer of a call and blind transfer of a chat from the agent API on the embedded platform.</summary>
public sealed class ConsultApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task AConsultRingsTheColleague_WhoAnswers_ThenTheCompletedCallIsTheColleagues()
    {
        using var first = await _platform.HttpAs("agent01");
        using var second = await _platform.HttpAs("agent02");
        using var pbx = await _platform.HttpAs("pbx");
        Assert.Equal(HttpStatusCode.OK, (await first.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var callId = (await Json(await pbx.PostAsJsonAsync("/api/telephony/calls",
            new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 12 00 00 02" }))).GetProperty("callId").GetGuid();
        var path = $"/api/agents/me/calls/{callId}";
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync($"{path}/consult", new { agentId = "agent02" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{path}/answer", null)).StatusCode);

        await AssertProblemAsync(await first.PostAsJsonAsync($"{path}/consult", new { }), HttpStatusCode.BadRequest, "queueId");
        await AssertProblemAsync(await first.PostAsJsonAsync($"{path}/consult", new { agentId = "agent02", queueId = "lumiere-cards-fr" }),
            HttpStatusCode.BadRequest, "queueId");
        await AssertProblemAsync(await first.PostAsJsonAsync($"{path}/consult", new { agentId = "nobody" }), HttpStatusCode.NotFound, "agentId");
        await AssertProblemAsync(await first.PostAsJsonAsync($"{path}/consult", new { queueId = "helvet-support-fr" }), HttpStatusCode.NotFound, "queueId");
        await AssertProblemAsync(await first.PostAsJsonAsync($"{path}/consult", new { agentId = "agent02" }), HttpStatusCode.Conflict, "agentId");
        Assert.False((await Json(await first.GetAsync("/api/agents/me"))).GetProperty("call").GetProperty("onHold").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsJsonAsync($"{path}/consult", new { agentId = "agent01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsync($"{path}/consult/complete", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var started = await Json(await first.PostAsJsonAsync($"{path}/consult", new { agentId = "agent02" }));
        Assert.Equal(("consulting", "agent02", "Ringing"), (started.GetProperty("consult").GetProperty("role").GetString(),
            started.GetProperty("consult").GetProperty("agentId").GetString(), started.GetProperty("consult").GetProperty("state").GetString()));
        Assert.True(started.GetProperty("call").GetProperty("onHold").GetBoolean());
        var rung = await Json(await second.GetAsync("/api/agents/me"));
        var consult = rung.GetProperty("consult");
        Assert.Equal(("Reserved", "consulted", "agent01", "lumiere-banking-fr", callId), (rung.GetProperty("state").GetString(),
            consult.GetProperty("role").GetString(), consult.GetProperty("agentId").GetString(), consult.GetProperty("queueId").GetString(),
            consult.GetProperty("callId").GetGuid()));
        Assert.NotEqual("agent01", consult.GetProperty("agentName").GetString());
        Assert.Equal(JsonValueKind.Null, rung.GetProperty("call").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsync($"{path}/consult/complete", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync($"{path}/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{path}/consult/complete", null)).StatusCode);
        var me = await Json(await first.GetAsync("/api/agents/me"));
        Assert.Equal(("AfterCallWork", "Completed"), (me.GetProperty("state").GetString(), me.GetProperty("lastConsultOutcome").GetString()));
        var taken = await Json(await second.GetAsync("/api/agents/me"));
        Assert.Equal(("OnCall", callId, false), (taken.GetProperty("state").GetString(), taken.GetProperty("call").GetProperty("callId").GetGuid(),
            taken.GetProperty("call").GetProperty("onHold").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, taken.GetProperty("consult").ValueKind);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(
            _platform.Published.OfType<CallConsultEnded>().FirstOrDefault(e => e.CallId == callId && e.Outcome == ConsultOutcome.Completed)),
            "the consult's end published");
        Assert.Single(_platform.Published.OfType<CallConsultStarted>(), e => e.CallId == callId && e.ToAgentId == "agent02");
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync($"{path}/complete", new { })).StatusCode);
    }

    [Fact]
    public async Task ADeclinedConsult_LeavesTheCallerOnHold_AndSaysWhy()
    {
        using var first = await _platform.HttpAs("agent01");
        using var second = await _platform.HttpAs("agent02");
        using var pbx = await _platform.HttpAs("pbx");
        await first.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        var callId = (await Json(await pbx.PostAsJsonAsync("/api/telephony/calls",
            new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 12 00 00 03" }))).GetProperty("callId").GetGuid();
        var path = $"/api/agents/me/calls/{callId}";
        await first.PostAsync($"{path}/answer", null);
        await second.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"{path}/consult", new { queueId = "lumiere-banking-fr" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync($"{path}/reject", null)).StatusCode);
        var me = await Json(await first.GetAsync("/api/agents/me"));
        Assert.Equal(("OnCall", true, "Declined"), (me.GetProperty("state").GetString(), me.GetProperty("call").GetProperty("onHold").GetBoolean(),
            me.GetProperty("lastConsultOutcome").GetString()));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("consult").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsync($"{path}/consult/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{path}/resume", null)).StatusCode);
    }

    [Fact]
    public async Task AChatTransferredToAColleague_CarriesItsTranscript_AndLeavesTheFirstAgent()
    {
        using var admin = await _platform.HttpAs("admin");
        foreach (var id in new[] { "agent01", "agent02" })
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/agents/{id}", new
            {
                name = id, skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5 },
                capacity = new Dictionary<string, int> { ["chat"] = 2 },
            })).StatusCode);
        using var first = await _platform.HttpAs("agent01");
        using var second = await _platform.HttpAs("agent02");
        using var channel = await _platform.HttpAs("pbx");
        await first.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        var chat = (await Json(await channel.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-900" })))
            .GetProperty("contactId").GetGuid();
        await channel.PostAsJsonAsync($"/api/contacts/{chat}/messages", new { text = "Ma carte est bloquée.", messageId = "m-1" });
        var path = $"/api/agents/me/calls/{chat}";
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"{path}/transfer-targets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{path}/answer", null)).StatusCode);
        await first.PostAsJsonAsync($"{path}/messages", new { text = "Je vous passe un collègue." });
        var targets = await Json(await first.GetAsync($"{path}/transfer-targets"));
        Assert.Contains("agent02", targets.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsJsonAsync($"{path}/transfer", new { agentId = "agent01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync($"{path}/consult", new { agentId = "agent02" })).StatusCode);

        await second.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" });
        var moved = await Json(await first.PostAsJsonAsync($"{path}/transfer", new { agentId = "agent02" }));
        Assert.Empty(moved.GetProperty("contacts").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"{path}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync($"{path}/answer", null)).StatusCode);
        var transcript = await Json(await second.GetAsync($"{path}/messages"));
        Assert.Equal(["customer: Ma carte est bloquée.", "agent: Je vous passe un collègue."],
            transcript.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("author").GetString()}: {m.GetProperty("text").GetString()}"));
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(
            _platform.Published.OfType<CallTransferred>().FirstOrDefault(e => e.CallId == chat && e.Kind == ContactKinds.Chat)), "the chat's transfer published");
    }
}
