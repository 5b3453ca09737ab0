using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Two desks in Chromium: a consult (warm) transfer of a call, and a chat transferred to a colleague with its transcript.</summary>
public sealed class AgentDeskConsultTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    private async Task<(IPage Desk, IPage Colleague)> TwoDesksAsync()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        var colleague = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(colleague, "agent02");
        foreach (var page in new[] { desk, colleague })
        {
            await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
            await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
            await Assertions.Expect(page.Locator("#agent-state")).ToHaveTextAsync("Disponible");
        }
        return (desk, colleague);
    }

    [Fact]
    public async Task AConsultsB_BAnswers_ACompletes_AndBsDeskShowsTheCallersCall()
    {
        var (desk, colleague) = await TwoDesksAsync();
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Pas prêt" }).ClickAsync();
        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612340002" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var callId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetString();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        var target = desk.GetByLabel("Transférer vers");
        await Assertions.Expect(target.Locator("option[value=\"agent:agent02\"]")).ToHaveCountAsync(1);
        await target.SelectOptionAsync("agent:agent02");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Consulter" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#consult")).ToHaveAttributeAsync("data-state", "Ringing");
        await Assertions.Expect(desk.Locator("#consult-banner")).ToContainTextAsync("Consultation de Anas Alaoui — en sonnerie");
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Transférer l'appel" })).ToBeDisabledAsync();

        var offer = colleague.Locator("#consult");
        await Assertions.Expect(offer).ToHaveAttributeAsync("data-role", "consulted");
        await Assertions.Expect(colleague.Locator("#consult-banner")).ToContainTextAsync("vous consulte au sujet d'un appel de la file lumiere-banking-fr");
        await Assertions.Expect(colleague.Locator("#no-call")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(colleague, "agent-consult-offer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(offer).ToHaveAttributeAsync("data-state", "Talking");
        await Assertions.Expect(desk.Locator("#consult")).ToHaveAttributeAsync("data-state", "Talking");
        await Chromium.ScreenshotAsync(desk, "agent-consult-talking");

        await desk.GetByRole(AriaRole.Button, new() { Name = "Transférer l'appel" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#consult")).ToBeHiddenAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Transferred");
        await Assertions.Expect(colleague.Locator("#consult")).ToBeHiddenAsync();
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-call-id", callId!);
        await Assertions.Expect(colleague.Locator("#call [data-field=\"queue\"]")).ToHaveTextAsync("Banque Lumière — particuliers (FR)");
        await Chromium.ScreenshotAsync(colleague, "agent-consult-completed");
    }

    [Fact]
    public async Task AChatTransferredFromTheConversationsPanel_ArrivesWithItsTranscriptOnTheColleaguesDesk()
    {
        using var admin = await _platform.HttpAs("admin");
        foreach (var (agentId, name) in new[] { ("agent01", "Karim Chraibi"), ("agent02", "Anas Alaoui") })
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/agents/{agentId}", new
            {
                name, skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5 }, capacity = new Dictionary<string, int> { ["chat"] = 2 },
            })).StatusCode);
        var (desk, colleague) = await TwoDesksAsync();
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Pas prêt" }).ClickAsync();
        using var channel = await _platform.HttpAs("pbx");
        var id = JsonDocument.Parse(await (await channel.PostAsJsonAsync("/api/contacts",
            new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "web-300" })).Content.ReadAsStringAsync()).RootElement.GetProperty("contactId").GetGuid();
        await channel.PostAsJsonAsync($"/api/contacts/{id}/messages", new { text = "Je voudrais un prêt immobilier.", messageId = "c-1" });
        var chat = desk.Locator($"#chat-list article[data-contact-id=\"{id}\"]");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(chat).ToHaveAttributeAsync("data-state", "OnCall");
        await chat.GetByLabel("Réponse").FillAsync("Je vous passe notre conseiller crédit.");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(chat.Locator(".transcript li")).ToHaveCountAsync(2);
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();

        var target = chat.GetByLabel("Transférer vers");
        await Assertions.Expect(target.Locator("option[value=\"agent:agent02\"]")).ToHaveCountAsync(1);
        await target.SelectOptionAsync("agent:agent02");
        await Chromium.ScreenshotAsync(desk, "agent-chat-transfer");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Transférer" }).ClickAsync();
        await Assertions.Expect(chat).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Locator("#no-chat")).ToBeVisibleAsync();

        var arrived = colleague.Locator($"#chat-list article[data-contact-id=\"{id}\"]");
        await Assertions.Expect(arrived).ToHaveAttributeAsync("data-state", "Offered");
        await arrived.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(arrived).ToHaveAttributeAsync("data-state", "OnCall");
        await Assertions.Expect(arrived.Locator(".transcript li")).ToContainTextAsync(["Je voudrais un prêt immobilier.", "Je vous passe notre conseiller crédit."]);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
