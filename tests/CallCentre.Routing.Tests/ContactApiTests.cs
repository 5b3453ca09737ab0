using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>Chats and messages through the inbound API on the embedded platform, to an agent given a chat capacity by the admin API.</summary>
public sealed class ContactApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task AChat_IsRoutedToTheAgentWithRoom_AcceptedAndCompleted_AndARepeatPostAnswersTheSameContact()
    {
        using var admin = await _platform.HttpAs("admin");
        using var pbx = await _platform.HttpAs("pbx");
        var put = await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["ar"] = 4 },
            capacity = new Dictionary<string, int> { ["voice"] = 1, ["chat"] = 2 },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var agent = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.OK, (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);

        var posted = await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "conv-42" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var contact = await Json(posted);
        Assert.Equal(("chat", "Offered", "agent01"),
            (contact.GetProperty("kind").GetString(), contact.GetProperty("state").GetString(), contact.GetProperty("agentId").GetString()));
        var id = contact.GetProperty("contactId").GetGuid();
        var again = await Json(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "conv-42" }));
        Assert.Equal(id, again.GetProperty("contactId").GetGuid());

        var me = await Json(await agent.GetAsync("/api/agents/me"));
        Assert.Equal("Available", me.GetProperty("state").GetString());
        var held = Assert.Single(me.GetProperty("contacts").EnumerateArray());
        Assert.Equal((id, "chat"), (held.GetProperty("contactId").GetGuid(), held.GetProperty("kind").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{id}/answer", null)).StatusCode);
        var refused = await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/complete", new { disposition = "no-such-code" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await Json(refused)).GetProperty("errors").TryGetProperty("disposition", out _));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/complete", new { })).StatusCode);
        Assert.Empty((await Json(await agent.GetAsync("/api/agents/me"))).GetProperty("contacts").EnumerateArray());
    }

    [Fact]
    public async Task TheMessagingWebhook_QueuesAMessagingContact_AndAnUnknownQueueIs404()
    {
        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/contacts/messaging/lumiere-banking-fr", new { conversationId = "wa-1" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var contact = await Json(posted);
        Assert.Equal(("messaging", "Waiting"), (contact.GetProperty("kind").GetString(), contact.GetProperty("state").GetString()));
        var read = await Json(await pbx.GetAsync($"/api/telephony/calls/{contact.GetProperty("contactId").GetGuid()}"));
        Assert.Equal("messaging", read.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NotFound,
            (await pbx.PostAsJsonAsync("/api/contacts/messaging/no-such-queue", new { conversationId = "wa-2" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"fax","queueId":"lumiere-banking-fr","externalId":"x"}""", "kind")]
    [InlineData("""{"kind":"voice","queueId":"lumiere-banking-fr","externalId":"x"}""", "kind")]
    [InlineData("""{"kind":"email","queueId":"lumiere-banking-fr"}""", "externalId")]
    [InlineData("""{"kind":"email","queueId":"no-such-queue","externalId":"x"}""", "queueId")]
    [InlineData("""{"kind":"email","queueId":"lumiere-banking-fr","externalId":"x","priority":11}""", "priority")]
    public async Task BadInput_Is400NamingTheField(string body, string field)
    {
        using var pbx = await _platform.HttpAs("pbx");
        var response = await pbx.PostAsync("/api/contacts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task ACapacityOutOfRange_Is400NamingTheKind()
    {
        using var admin = await _platform.HttpAs("admin");
        var put = await admin.PutAsJsonAsync("/api/admin/agents/agent02", new
        {
            name = "Anas Alaoui", skills = new Dictionary<string, int> { ["banking"] = 3 },
            capacity = new Dictionary<string, int> { ["voice"] = 2 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.True((await Json(put)).GetProperty("errors").TryGetProperty("capacity.voice", out _));
    }
}
