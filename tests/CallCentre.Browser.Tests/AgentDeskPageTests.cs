using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The agent desktop in Chromium, clicked as an agent would, with a supervisor's wallboard open beside it.</summary>
public sealed class AgentDeskPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task AgentAcceptsAndCompletesAnOffer_AndTheWallboardCountsTheAnsweredCall()
    {
        var wallboard = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(wallboard, "supervisor");
        await Assertions.Expect(wallboard.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(WallboardPage.Field(wallboard, "lumiere-banking-fr", "counts")).ToHaveTextAsync("0 / 0 / 0");

        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(desk.Locator("#agent-name")).ToContainTextAsync("agent01");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Déconnecté");
        await Assertions.Expect(desk.Locator("#no-call")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(desk, "agent-logged-in");

        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var call = desk.Locator("#call");
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Ringing");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Appel entrant");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("Appel entrant — Banque Lumière");
        await Assertions.Expect(AgentPage.Field(desk, "client")).ToHaveTextAsync("Banque Lumière");
        await Assertions.Expect(AgentPage.Field(desk, "queue")).ToHaveTextAsync("Banque Lumière — particuliers (FR)");
        await Assertions.Expect(AgentPage.Field(desk, "language")).ToHaveTextAsync("français");
        await Assertions.Expect(AgentPage.Field(desk, "caller")).ToHaveTextAsync("•••• •••• (nouvel appelant)");
        await Assertions.Expect(AgentPage.Field(desk, "waited")).ToHaveTextAsync(new Regex(@"^00:\d\d$"));
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" })).ToBeFocusedAsync();
        Assert.DoesNotContain("612345678", await desk.ContentAsync());
        await Chromium.ScreenshotAsync(desk, "agent-offer");

        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Connected");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("En appel");
        await Assertions.Expect(AgentPage.Field(desk, "timer")).ToHaveTextAsync(new Regex(@"^00:0[1-9]$"), new() { Timeout = 5_000 });
        // No state change while connected: Routing would refuse it, and the page says so by disabling the buttons.
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" })).ToBeDisabledAsync();
        await Chromium.ScreenshotAsync(desk, "agent-on-call");

        // The select offers the codes of the call's client company (Banque Lumière's own list), labelled in the page's language.
        var codes = desk.Locator("#disposition option");
        await Assertions.Expect(codes).ToHaveTextAsync(["— choisir —", "Résolu", "Carte mise en opposition", "Rappel à prévoir", "Escaladé", "Faux numéro"]);
        await desk.GetByLabel("Qualification").SelectOptionAsync(new SelectOptionValue { Label = "Carte mise en opposition" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "Terminer l'appel" }).ClickAsync();
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Completed");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("Appel terminé — Carte mise en opposition");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Post-appel");
        await Chromium.ScreenshotAsync(desk, "agent-wrap-up");
        // The queue's wrap-up is 5 s; then Routing makes the agent available again.
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible", new() { Timeout = 15_000 });

        await Assertions.Expect(WallboardPage.Field(wallboard, "lumiere-banking-fr", "counts")).ToHaveTextAsync("1 / 1 / 0");
        await Assertions.Expect(WallboardPage.Field(wallboard, "lumiere-banking-fr", "waiting")).ToHaveTextAsync("0");
        await Chromium.ScreenshotAsync(wallboard, "wallboard-after-answer");

        // A reason for not being ready, then the state the agent sees is the one Routing holds.
        await desk.GetByLabel("Motif").SelectOptionAsync("lunch");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Pas prêt" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Pas prêt — déjeuner");
        using var agent = await _platform.HttpAs("agent01");
        var me = await agent.GetFromJsonAsync<AgentMe>("/api/agents/me");
        Assert.Equal(("NotReady", "lunch"), (me!.State, me.Reason));
        await Chromium.ScreenshotAsync(desk, "agent-not-ready");
    }

    [Fact]
    public async Task AgentPutsTheCallOnHoldAndResumesIt_FromTheKeyboard_AndTheCallTimerKeepsRunning()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");
        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345679" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var call = desk.Locator("#call");
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Ringing");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Connected");

        var holdButton = desk.GetByRole(AriaRole.Button, new() { Name = "Mettre en attente" });
        await holdButton.ClickAsync();
        await Assertions.Expect(call).ToHaveAttributeAsync("data-hold", "true");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("En communication — en attente");
        var resume = desk.GetByRole(AriaRole.Button, new() { Name = "Reprendre l'appel" });
        await Assertions.Expect(resume).ToBeFocusedAsync();
        // The call timer keeps running, with how long the hold has lasted beside it.
        await Assertions.Expect(AgentPage.Field(desk, "timer")).ToHaveTextAsync(new Regex(@"^00:0[2-9] \(en attente 00:0[1-9]\)$"), new() { Timeout = 5_000 });
        using var agent = await _platform.HttpAs("agent01");
        var me = await agent.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/agents/me");
        Assert.True(me.GetProperty("call").GetProperty("onHold").GetBoolean());
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("En appel");
        await Chromium.ScreenshotAsync(desk, "agent-on-hold");

        // From the keyboard: the focus stayed on the button, now "Resume".
        await desk.Keyboard.PressAsync("Enter");
        await Assertions.Expect(call).ToHaveAttributeAsync("data-hold", "false");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("En communication");
        await Assertions.Expect(holdButton).ToBeFocusedAsync();
        await Assertions.Expect(AgentPage.Field(desk, "timer")).ToHaveTextAsync(new Regex(@"^00:\d\d$"));
        me = await agent.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/agents/me");
        Assert.False(me.GetProperty("call").GetProperty("onHold").GetBoolean());
        Assert.True(me.GetProperty("call").GetProperty("holdSeconds").GetDouble() >= 1);
        await Chromium.ScreenshotAsync(desk, "agent-resumed");

        // On hold again, then a reload: the page asks Routing and shows the call still held.
        await desk.Keyboard.PressAsync("Enter");
        await Assertions.Expect(call).ToHaveAttributeAsync("data-hold", "true");
        await desk.ReloadAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-hold", "true");
        await Assertions.Expect(resume).ToBeVisibleAsync();
        await desk.GetByLabel("Qualification").SelectOptionAsync("resolved");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Terminer l'appel" }).ClickAsync();
        await Assertions.Expect(call).ToHaveAttributeAsync("data-status", "Completed");
        await Assertions.Expect(desk.Locator("#hold")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AgentRejectsAnOffer_AndTheOfferGoesToAnotherAgent()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Ringing");
        // Someone else may take it once agent01 declines (alone, agent01 would be offered the same call again).
        using var agent02 = await _platform.HttpAs("agent02");
        (await agent02.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();

        // From the keyboard: the offer put the focus on Accept; the next control is Reject.
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" })).ToBeFocusedAsync();
        await desk.Keyboard.PressAsync("Tab");
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Refuser" })).ToBeFocusedAsync();
        await desk.Keyboard.PressAsync("Enter");
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Withdrawn");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("Offre retirée");
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" })).ToBeHiddenAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");
        await Chromium.ScreenshotAsync(desk, "agent-offer-rejected");
        var me = await agent02.GetFromJsonAsync<AgentMe>("/api/agents/me");
        Assert.Equal("Reserved", me!.State);
    }

    [Fact]
    public async Task SupervisorOnTheAgentDesk_IsToldItIsNotAnAgentAccount()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "supervisor");
        await Assertions.Expect(desk.Locator("#login-error")).ToHaveTextAsync("Ce compte n'est pas un compte agent, ou la session a expiré.");
        await Assertions.Expect(desk.Locator("#desk")).ToBeHiddenAsync();
        await Chromium.ScreenshotAsync(desk, "agent-login-refused");
    }

    [Fact]
    public async Task EnglishChosen_IsUsedThroughoutAndKeptAfterAReload()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent05");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Déconnecté");
        await Assertions.Expect(desk.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        await desk.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(desk.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Logged out");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connected");
        await desk.GetByLabel("Reason").SelectOptionAsync("training");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Not ready" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Not ready — training");

        await desk.ReloadAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Not ready — training");
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Available" })).ToBeEnabledAsync();
        await Assertions.Expect(desk.Locator("#lang-switch")).ToHaveValueAsync("en");
        await Chromium.ScreenshotAsync(desk, "agent-english");
    }

    private sealed record AgentMe(string AgentId, string State, string? Reason);

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
