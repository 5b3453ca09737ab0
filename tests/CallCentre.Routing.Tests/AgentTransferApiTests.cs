using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>Blind transfer from the agent API on the embedded platform: the targets offered, to an agent, and bad targets.</summary>
public sealed class AgentTransferApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task TheTargetsAreTheClientsQueuesAndOtherEligibleAgents_AndATransferToAnAgentRingsThatAgent()
    {
        using var first = await _platform.HttpAs("agent01");
        using var second = await _platform.HttpAs("agent02");
        using var pbx = await _platform.HttpAs("pbx");
        Assert.Equal(HttpStatusCode.OK, (await first.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var call = await Json(await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 12 00 00 01" }));
        var callId = call.GetProperty("callId").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"/api/agents/me/calls/{callId}/transfer-targets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/agents/me/calls/{callId}/answer", null)).StatusCode);

        var targets = await Json(await first.GetAsync($"/api/agents/me/calls/{callId}/transfer-targets"));
        var queues = targets.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queueId").GetString()).ToList();
        Assert.Equal(["lumiere-banking-ar", "lumiere-banking-fr", "lumiere-cards-fr"], queues);
        var agents = targets.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).ToList();
        Assert.Contains("agent02", agents);
        Assert.DoesNotContain("agent01", agents);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/agents/me/calls/{callId}/transfer-targets")).StatusCode);

        foreach (var (body, field, status) in new[]
                 {
                     ((object)new { }, "queueId", HttpStatusCode.BadRequest),
                     (new { queueId = "lumiere-cards-fr", agentId = "agent02" }, "queueId", HttpStatusCode.BadRequest),
                     (new { agentId = "nobody" }, "agentId", HttpStatusCode.NotFound),
                     (new { agentId = "agent01" }, "agentId", HttpStatusCode.NotFound),
                 })
        {
            var refused = await first.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", body);
            Assert.Equal(status, refused.StatusCode);
            Assert.True((await Json(refused)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { agentId = "agent01" })).StatusCode);

        var moved = await first.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { agentId = "agent02" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Json(moved)).GetProperty("call").ValueKind);
        // Waiting for agent02 alone: agent01, available again, is not offered it.
        Assert.Equal("Waiting", (await Json(await pbx.GetAsync($"/api/telephony/calls/{callId}"))).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var me = await Json(await second.GetAsync("/api/agents/me"));
        Assert.Equal(("Reserved", callId), (me.GetProperty("state").GetString(), me.GetProperty("call").GetProperty("callId").GetGuid()));
    }
}
