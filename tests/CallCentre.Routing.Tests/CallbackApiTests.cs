using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>The PBX's side of an in-queue callback on the embedded platform: the caller chooses it, the agent accepts, the PBX
/// reads the number to dial and reports each dial.</summary>
public sealed class CallbackApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task ACallerChoosesACallback_TheAgentAccepts_ThePbxDialsTwice_AndTheNumberIsGoneOnceConnected()
    {
        using var admin = await _platform.HttpAs("admin");
        using var pbx = await _platform.HttpAs("pbx");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["ar"] = 4 },
            capacity = new Dictionary<string, int> { ["callback"] = 1 },
        })).StatusCode);
        var placed = await Json(await pbx.PostAsJsonAsync("/api/telephony/calls",
            new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 11 22 33 44" }));
        var id = placed.GetProperty("callId").GetGuid();
        Assert.Equal("Waiting", placed.GetProperty("state").GetString());

        var bad = await pbx.PostAsJsonAsync($"/api/telephony/calls/{id}/callback", new { callbackNumber = "call me" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await Json(bad)).GetProperty("errors").TryGetProperty("callbackNumber", out _));
        Assert.Equal(HttpStatusCode.NotFound,
            (await pbx.PostAsJsonAsync($"/api/telephony/calls/{Guid.NewGuid()}/callback", new { callbackNumber = "+33611223344" })).StatusCode);
        var chosen = await pbx.PostAsJsonAsync($"/api/telephony/calls/{id}/callback", new { callbackNumber = "+33 6 11 22 33 44" });
        Assert.Equal(HttpStatusCode.Accepted, chosen.StatusCode);
        Assert.Equal("callback", (await Json(chosen)).GetProperty("kind").GetString());
        var again = await pbx.PostAsJsonAsync($"/api/telephony/calls/{id}/callback", new { callbackNumber = "+33 6 99 99 99 99" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Empty((await Json(await pbx.GetAsync("/api/telephony/callbacks/dials"))).EnumerateArray());

        using var agent = await _platform.HttpAs("agent01");
        // The engine offers it within the state change's own request.
        Assert.Equal(HttpStatusCode.OK, (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var held = Assert.Single((await Json(await agent.GetAsync("/api/agents/me"))).GetProperty("contacts").EnumerateArray());
        Assert.Equal(id, held.GetProperty("contactId").GetGuid());
        Assert.Equal(("callback", 1, "Waiting"),
            (held.GetProperty("kind").GetString(), held.GetProperty("callbackAttempt").GetInt32(), held.GetProperty("callbackStage").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{id}/answer", null)).StatusCode);

        var dial = Assert.Single((await Json(await pbx.GetAsync("/api/telephony/callbacks/dials"))).EnumerateArray());
        Assert.Equal((id, "agent01", 1, "+33611223344"), (dial.GetProperty("callId").GetGuid(), dial.GetProperty("agentId").GetString(),
            dial.GetProperty("attempt").GetInt32(), dial.GetProperty("callbackNumber").GetString()));
        var badOutcome = await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{id}/attempts", new { attempt = 1, outcome = "voicemail" });
        Assert.True((await Json(badOutcome)).GetProperty("errors").TryGetProperty("outcome", out _));
        Assert.Equal(HttpStatusCode.Conflict,
            (await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{id}/attempts", new { attempt = 2, outcome = "busy" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{id}/attempts", new { attempt = 1, outcome = "connected" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{id}/attempts", new { attempt = 1, outcome = "connected" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{id}/attempts", new { attempt = 1, outcome = "busy" })).StatusCode);
        Assert.Empty((await Json(await pbx.GetAsync("/api/telephony/callbacks/dials"))).EnumerateArray());

        var connected = Assert.Single((await Json(await agent.GetAsync("/api/agents/me"))).GetProperty("contacts").EnumerateArray());
        Assert.Equal(("OnCall", "Connected"), (connected.GetProperty("state").GetString(), connected.GetProperty("callbackStage").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/complete", new { })).StatusCode);
    }
}
