using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Contacts;
using CallCentre.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Routing.Tests;

/// <summary>A chat's messages on the embedded platform: the customer's through the channel's API or a messaging provider's
/// webhook, the agent's replies from the desk's API, the transcript read back by the channel, sealed at rest and purged.</summary>
public sealed class ConversationApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<HttpClient> AvailableAgentAsync(string agentId = "agent01")
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/agents/{agentId}", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5 },
            capacity = new Dictionary<string, int> { ["chat"] = 2, ["messaging"] = 2 },
        })).StatusCode);
        var agent = await _platform.HttpAs(agentId);
        Assert.Equal(HttpStatusCode.OK, (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);
        return agent;
    }

    private static string[] Texts(JsonElement transcript) =>
        transcript.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("author").GetString()}: {m.GetProperty("text").GetString()}").ToArray();

    [Fact]
    public async Task AChat_CustomerWritesAgentReplies_TheChannelReadsTheReply_AndNothingIsAddedAfterTheEnd()
    {
        using var agent = await AvailableAgentAsync();
        using var pbx = await _platform.HttpAs("pbx");
        var contact = await Json(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-7" }));
        var id = contact.GetProperty("contactId").GetGuid();
        var first = await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Bonjour, ma carte est bloquée.", messageId = "w-1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await Json(first)).GetProperty("seq").GetInt32());
        var repeated = await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Bonjour, ma carte est bloquée.", messageId = "w-1" });
        Assert.Equal((HttpStatusCode.OK, 1), (repeated.StatusCode, (await Json(repeated)).GetProperty("seq").GetInt32()));

        // Offered: the agent reads the first message before accepting, but cannot reply yet.
        Assert.Equal(["customer: Bonjour, ma carte est bloquée."], Texts(await Json(await agent.GetAsync($"/api/agents/me/calls/{id}/messages"))));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/messages", new { text = "Bonjour" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{id}/answer", null)).StatusCode);
        var reply = await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/messages", new { text = "Bonjour, je regarde votre compte." });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal(("agent01", 2), ((await Json(reply)).GetProperty("agentId").GetString(), (await Json(reply)).GetProperty("seq").GetInt32()));
        await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Merci !" });

        var transcript = await Json(await pbx.GetAsync($"/api/contacts/{id}/messages"));
        Assert.Equal("OnCall", transcript.GetProperty("state").GetString());
        Assert.Equal(["customer: Bonjour, ma carte est bloquée.", "agent: Bonjour, je regarde votre compte.", "customer: Merci !"], Texts(transcript));
        Assert.Equal(["customer: Merci !"], Texts(await Json(await pbx.GetAsync($"/api/contacts/{id}/messages?after=2"))));

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Allô ?" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/messages", new { text = "Au revoir" })).StatusCode);
        var ended = await Json(await pbx.GetAsync($"/api/contacts/{id}/messages"));
        Assert.Equal(("Ended", 3), (ended.GetProperty("state").GetString(), ended.GetProperty("messages").GetArrayLength()));
    }

    [Fact]
    public async Task TheProviderWebhook_OpensTheConversationWithItsFirstMessage_AndARepeatIsHarmless()
    {
        using var pbx = await _platform.HttpAs("pbx");
        var first = await pbx.PostAsJsonAsync("/api/contacts/messaging/lumiere-banking-fr/messages",
            new { conversationId = "wa-33", messageId = "wamid-1", text = "Bonjour" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var body = await Json(first);
        var id = body.GetProperty("contact").GetProperty("contactId").GetGuid();
        Assert.Equal(("messaging", 1), (body.GetProperty("contact").GetProperty("kind").GetString(), body.GetProperty("message").GetProperty("seq").GetInt32()));
        var again = await Json(await pbx.PostAsJsonAsync("/api/contacts/messaging/lumiere-banking-fr/messages",
            new { conversationId = "wa-33", messageId = "wamid-1", text = "Bonjour" }));
        Assert.Equal((id, 1), (again.GetProperty("contact").GetProperty("contactId").GetGuid(), again.GetProperty("message").GetProperty("seq").GetInt32()));
        var second = await Json(await pbx.PostAsJsonAsync("/api/contacts/messaging/lumiere-banking-fr/messages",
            new { conversationId = "wa-33", messageId = "wamid-2", text = "Vous êtes là ?" }));
        Assert.Equal((id, 2), (second.GetProperty("contact").GetProperty("contactId").GetGuid(), second.GetProperty("message").GetProperty("seq").GetInt32()));
        Assert.Equal(["customer: Bonjour", "customer: Vous êtes là ?"], Texts(await Json(await pbx.GetAsync($"/api/contacts/{id}/messages"))));
        Assert.Equal(HttpStatusCode.NotFound, (await pbx.PostAsJsonAsync("/api/contacts/messaging/no-such-queue/messages",
            new { conversationId = "wa-34", messageId = "m", text = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("/api/contacts/messaging/lumiere-banking-fr/messages", """{"conversationId":"wa-9","messageId":"m1"}""", "text")]
    [InlineData("/api/contacts/messaging/lumiere-banking-fr/messages", """{"conversationId":"wa-9","text":"x"}""", "messageId")]
    [InlineData("/api/contacts/messaging/lumiere-banking-fr/messages", """{"messageId":"m1","text":"x"}""", "conversationId")]
    [InlineData("/api/contacts/messaging/lumiere-banking-fr/messages", """{"conversationId":"wa-9","messageId":"m1","text":"a\u0000b"}""", "text")]
    [InlineData("/api/contacts/{id}/messages", """{"text":"   "}""", "text")]
    [InlineData("/api/contacts/{id}/messages", """{"text":"x","messageId":""}""", "messageId")]
    public async Task BadInput_Is400NamingTheField_AndLeavesNoConversation(string path, string body, string field)
    {
        using var pbx = await _platform.HttpAs("pbx");
        var chat = await Json(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-bad" }));
        var response = await pbx.PostAsync(path.Replace("{id}", chat.GetProperty("contactId").GetString()),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.NotFound, (await pbx.GetAsync($"/api/contacts/{PbxId("contact/messaging/wa-9")}/messages")).StatusCode);
    }

    [Fact]
    public async Task AVoiceCall_HasNoTranscript_AndAnotherAgentCannotReadTheChat()
    {
        using var pbx = await _platform.HttpAs("pbx");
        var call = await Json(await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 00 00 00 07" }));
        var callId = call.GetProperty("callId").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await pbx.PostAsJsonAsync($"/api/contacts/{callId}/messages", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await pbx.GetAsync($"/api/contacts/{callId}/messages")).StatusCode);

        using var agent = await AvailableAgentAsync();
        var chat = await Json(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-8" }));
        var id = chat.GetProperty("contactId").GetGuid();
        await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Bonjour" });
        using var other = await _platform.HttpAs("agent02");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/agents/me/calls/{id}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/agents/me/calls/{id}/messages", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pbx.GetAsync($"/api/contacts/{Guid.NewGuid()}/messages")).StatusCode);
    }

    [Fact]
    public async Task TheBodiesAreSealedAtRest_AndThePurgeDeletesThemAfterTheTenantsRetentionOf90Days()
    {
        using var pbx = await _platform.HttpAs("pbx");
        var chat = await Json(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-9" }));
        var id = chat.GetProperty("contactId").GetGuid();
        await pbx.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Mon IBAN est FR76 3000 6000 0112 3456 7890 189" });
        var database = _platform.Services.GetRequiredService<ModuleDatabase<RoutingModule>>();
        var stored = await database.RunAsync((c, _) => c.QuerySingleAsync<string>("SELECT sealed FROM contact_message WHERE call_id = @Id",
            new { Id = id.ToString() }));
        Assert.DoesNotContain("IBAN", stored);
        Assert.DoesNotContain("IBAN", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(stored)));

        var purge = _platform.Services.GetRequiredService<TranscriptPurge>();
        Assert.Equal(0, await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(89)));
        Assert.Equal(1, await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(91)));
        Assert.Empty((await Json(await pbx.GetAsync($"/api/contacts/{id}/messages"))).GetProperty("messages").EnumerateArray());
    }

    private static Guid PbxId(string key) => Telephony.PbxCallIdStore.CallIdFor("lumiere-bank", key);
}
