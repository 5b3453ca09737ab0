using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>The telephony edge's <c>POST /api/telephony/calls/{id}/transfer-failed</c> on the embedded platform.</summary>
public sealed class FailedTransferApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task AFailedTransferToAColleague_GivesTheCallBackToTheFirstAgent_Once()
    {
        using var first = await _platform.HttpAs("agent01");
        using var second = await _platform.HttpAs("agent02");
        using var pbx = await _platform.HttpAs("pbx");
        Assert.Equal(HttpStatusCode.OK, (await first.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        var callId = (await Json(await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 12 00 00 02" })))
            .GetProperty("callId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/agents/me/calls/{callId}/answer", null)).StatusCode);

        var notTransferred = await pbx.PostAsJsonAsync($"/api/telephony/calls/{callId}/transfer-failed", new { reason = "603" });
        Assert.Equal(HttpStatusCode.Conflict, notTransferred.StatusCode);
        Assert.Equal("The call is not in a transfer.", (await Json(notTransferred)).GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { agentId = "agent02" })).StatusCode);
        Assert.Equal(callId, (await Json(await second.GetAsync("/api/agents/me"))).GetProperty("call").GetProperty("callId").GetGuid());

        var tooLong = await pbx.PostAsJsonAsync($"/api/telephony/calls/{callId}/transfer-failed", new { reason = new string('x', 65) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await Json(tooLong)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await pbx.PostAsJsonAsync($"/api/telephony/calls/{Guid.NewGuid()}/transfer-failed", new { })).StatusCode);

        for (var repeat = 0; repeat < 2; repeat++)
        {
            var back = await pbx.PostAsJsonAsync($"/api/telephony/calls/{callId}/transfer-failed", new { reason = "603" });
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            var body = await Json(back);
            Assert.Equal(("OnCall", "agent01"), (body.GetProperty("state").GetString(), body.GetProperty("agentId").GetString()));
        }
        var me = await Json(await first.GetAsync("/api/agents/me"));
        Assert.Equal(("OnCall", callId, true), (me.GetProperty("state").GetString(), me.GetProperty("call").GetProperty("callId").GetGuid(),
            me.GetProperty("call").GetProperty("transferFailed").GetBoolean()));
        var colleague = await Json(await second.GetAsync("/api/agents/me"));
        Assert.Equal(("Available", JsonValueKind.Null), (colleague.GetProperty("state").GetString(), colleague.GetProperty("call").ValueKind));
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/agents/me/calls/{callId}/complete", new { })).StatusCode);
    }
}
