using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Chats end to end in Chromium: the customer's message arrives through the channel's API, the desk offers the chat
/// with its transcript, the agent accepts and replies, the channel reads the reply, a second chat runs beside the first, and
/// the agent ends one.</summary>
public sealed class AgentDeskChatTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task TheAgentAcceptsTwoChats_RepliesInOne_TheChannelReadsTheReply_AndTheAgentEndsIt()
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["ar"] = 4 },
            capacity = new Dictionary<string, int> { ["chat"] = 2 },
        })).StatusCode);
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(desk.Locator("#no-chat")).ToBeVisibleAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        using var channel = await _platform.HttpAs("pbx");
        var first = await Json(await channel.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-100" }));
        var id = first.GetProperty("contactId").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await channel.PostAsJsonAsync($"/api/contacts/{id}/messages",
            new { text = "Bonjour, ma carte a été avalée par le distributeur.", messageId = "c-1" })).StatusCode);

        var chat = desk.Locator($"#chat-list article[data-contact-id=\"{id}\"]");
        await Assertions.Expect(chat).ToHaveAttributeAsync("data-state", "Offered");
        await Assertions.Expect(chat.Locator("h3")).ToHaveTextAsync("Chat — file lumiere-banking-fr — proposée");
        await Assertions.Expect(chat.Locator(".transcript li")).ToHaveCountAsync(1);
        await Assertions.Expect(chat.Locator(".transcript li").First).ToContainTextAsync("ma carte a été avalée");
        await Assertions.Expect(desk.Locator("#no-call")).ToBeVisibleAsync();
        var pop = chat.GetByRole(AriaRole.Link, new() { Name = "Ouvrir la fiche client" });
        await Assertions.Expect(pop).ToHaveAttributeAsync("href",
            $"https://crm.banque-lumiere.example/fiche?contact={id}&file=lumiere-banking-fr&appelant=");
        await Assertions.Expect(pop).ToHaveAttributeAsync("target", "_blank");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(chat).ToHaveAttributeAsync("data-state", "OnCall");

        var second = await Json(await channel.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-101" }));
        var secondId = second.GetProperty("contactId").GetGuid();
        await channel.PostAsJsonAsync($"/api/contacts/{secondId}/messages", new { text = "Quels sont vos horaires ?" });
        var other = desk.Locator($"#chat-list article[data-contact-id=\"{secondId}\"]");
        await Assertions.Expect(other.Locator(".transcript li")).ToContainTextAsync(["Quels sont vos horaires ?"]);
        await other.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(other).ToHaveAttributeAsync("data-state", "OnCall");

        await chat.GetByLabel("Réponse").FillAsync("Bonjour, je bloque la carte et vous en commande une nouvelle.");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(chat.Locator(".transcript li[data-author=\"agent\"]")).ToContainTextAsync(["je bloque la carte"]);
        await Assertions.Expect(chat.GetByLabel("Réponse")).ToHaveValueAsync("");
        Assert.Equal(0, await other.Locator(".transcript li[data-author=\"agent\"]").CountAsync());

        var transcript = await Json(await channel.GetAsync($"/api/contacts/{id}/messages?after=1"));
        var reply = Assert.Single(transcript.GetProperty("messages").EnumerateArray());
        Assert.Equal(("agent", "agent01", "Bonjour, je bloque la carte et vous en commande une nouvelle."),
            (reply.GetProperty("author").GetString(), reply.GetProperty("agentId").GetString(), reply.GetProperty("text").GetString()));
        await channel.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Merci beaucoup !", messageId = "c-2" });
        await Assertions.Expect(chat.Locator(".transcript li")).ToHaveCountAsync(3);
        await Assertions.Expect(chat.Locator(".transcript li").Last).ToContainTextAsync("Merci beaucoup !");
        await Chromium.ScreenshotAsync(desk, "agent-chats");

        await chat.GetByRole(AriaRole.Button, new() { Name = "Terminer la conversation" }).ClickAsync();
        await Assertions.Expect(chat).ToHaveCountAsync(0);
        await Assertions.Expect(other).ToHaveAttributeAsync("data-state", "OnCall");
        Assert.Equal("Ended", (await Json(await channel.GetAsync($"/api/contacts/{id}/messages"))).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await channel.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Allô ?" })).StatusCode);
        await Assertions.Expect(desk.Locator("#no-call")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
