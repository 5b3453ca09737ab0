using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Centre;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Contact kinds on the wallboard: waiting per kind on the queue tiles, contacts held per kind in the agent grid.</summary>
public sealed class WallboardKindsTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    private sealed record Posted(Guid ContactId);

    [Fact]
    public async Task ChatsAndAnEmail_WaitOnTheTileByKind_ThenShowOnTheAgentWhoHoldsThem()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        var kinds = WallboardPage.Field(page, "lumiere-banking-fr", "kinds");
        await Assertions.Expect(kinds).ToHaveTextAsync("—");

        using var pbx = await _platform.HttpAs("pbx");
        var contacts = new List<Guid>();
        foreach (var kind in new[] { "chat", "chat", "email" })
        {
            var response = await pbx.PostAsJsonAsync("/api/contacts", new { kind, queueId = "lumiere-banking-fr", externalId = $"wallboard-{Guid.NewGuid():N}" });
            response.EnsureSuccessStatusCode();
            contacts.Add((await response.Content.ReadFromJsonAsync<Posted>())!.ContactId);
        }
        // Nobody is logged in: all three wait, each in its kind's line.
        await Assertions.Expect(kinds).ToHaveTextAsync("2 chats · 1 e-mail");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "waiting")).ToHaveTextAsync("3");
        await Chromium.ScreenshotAsync(page, "wallboard-kinds-waiting");

        // agent09 holds up to three chats and two e-mails: all three are offered to it at once, and it accepts them.
        using var agent = await _platform.HttpAs("agent09");
        (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        foreach (var id in contacts)
            (await agent.PostAsync($"/api/agents/me/calls/{id}/answer", null)).EnsureSuccessStatusCode();
        var row = page.Locator("#agents tr[data-agent=\"agent09\"]");
        await Assertions.Expect(row.Locator("[data-field=contacts]")).ToHaveTextAsync("2 chats · 1 e-mail");
        // Chats and e-mails do not take the phone: the agent stays available, and the call column stays empty.
        await Assertions.Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Disponible");
        await Assertions.Expect(row.Locator("[data-field=call]")).ToHaveTextAsync("");
        await Assertions.Expect(kinds).ToHaveTextAsync("—");
        await Chromium.ScreenshotAsync(page, "wallboard-kinds-held");

        (await agent.PostAsJsonAsync($"/api/agents/me/calls/{contacts[0]}/complete", new { disposition = "resolved" })).EnsureSuccessStatusCode();
        await Assertions.Expect(row.Locator("[data-field=contacts]")).ToHaveTextAsync("1 chat · 1 e-mail");
        await page.SelectOptionAsync("#lang-switch", "de");
        await Assertions.Expect(row.Locator("[data-field=contacts]")).ToHaveTextAsync("1 Chat · 1 E-Mail");
    }

    [Fact]
    public async Task DemoTraffic_ShowsChatsEmailsAndMessagesHeldInTheAgentGrid()
    {
        await using var demo = new EmbeddedPlatform(demoTraffic: true);
        var page = await _chromium.NewPageAsync(demo.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        // The kinds and their rates come from scenarios/demo.json; messaging goes to the Helvet German and English queues.
        foreach (var held in new[] { @"\bchats?\b", @"\be-mails?\b", @"\bmessages?\b" })
            await Assertions.Expect(page.Locator("#agents [data-field=contacts]").Filter(new() { HasTextRegex = new Regex(held) }).First)
                .ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Chromium.ScreenshotAsync(page, "wallboard-demo-kinds");
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static AgentBoard NewBoard() => new(new CentreCatalog(new CentreDefinition(
        [new TenantDefinition("bank", "Banque", "Europe/Paris", "fr")],
        [new QueueConfiguration("bank-fr", "bank", "Banque (FR)", "banking", "fr", new Dictionary<string, int> { ["fr"] = 3 })],
        [new AgentDefinition("a1", "Karim", new Dictionary<string, int> { ["fr"] = 5 })])), TimeProvider.System);

    [Fact]
    public void ContactCompletedBeforeItsAnswerArrives_IsNotCountedAsHeld()
    {
        var board = NewBoard();
        var (chat, email) = (Guid.NewGuid(), Guid.NewGuid());
        board.Apply(new AgentStateChanged("a1", ["bank"], "Available", null, null, T0));
        board.Apply(new CallCompleted(chat, "bank", "bank-fr", "a1", T0, T0.AddSeconds(5), T0.AddSeconds(60), 55, 0, null) { Kind = ContactKinds.Chat });
        board.Apply(new CallAnswered(chat, "bank", "bank-fr", "a1", T0, T0.AddSeconds(5)) { Kind = ContactKinds.Chat });
        board.Apply(new CallAnswered(email, "bank", "bank-fr", "a1", T0, T0.AddSeconds(7)) { Kind = ContactKinds.Email });
        board.Apply(new CallAnswered(email, "bank", "bank-fr", "a1", T0, T0.AddSeconds(7)) { Kind = ContactKinds.Email });

        var tile = Assert.Single(board.AgentsFor("bank"));
        Assert.Equal(new Dictionary<string, int> { [ContactKinds.Email] = 1 }, tile.Contacts);
        Assert.Null(tile.CallQueueId); // an e-mail is not the phone's call

        board.Apply(new CallAbandoned(email, "bank", "bank-fr", T0, T0.AddSeconds(9)) { Kind = ContactKinds.Email });
        Assert.Empty(Assert.Single(board.AgentsFor("bank")).Contacts);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
