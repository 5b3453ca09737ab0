using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>A blind transfer from the desk in Chromium: the connected call sent to a colleague, whose desk rings when the
/// colleague becomes available.</summary>
public sealed class AgentDeskTransferTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    /// <summary>agent01's desk Available and offered a call of the PBX, agent02's desk signed in beside it.</summary>
    private async Task<(IPage Desk, IPage Colleague, HttpClient Pbx, string? CallId)> OfferedDeskAndColleagueAsync(string callerNumber)
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        var colleague = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(colleague, "agent02");
        await Assertions.Expect(colleague.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connecté");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var callId = System.Text.Json.JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetString();
        return (desk, colleague, pbx, callId);
    }

    [Fact]
    public async Task TheAgentTransfersTheConnectedCallToAColleague_WhoseDeskThenRings()
    {
        var (desk, colleague, pbx, callId) = await OfferedDeskAndColleagueAsync("+33612340001");
        using var _ = pbx;
        // The tenant's screen-pop: its CRM's page for this contact, opened in a new tab, with the caller's hash, never the number.
        var pop = desk.GetByRole(AriaRole.Link, new() { Name = "Ouvrir la fiche client" });
        await Assertions.Expect(pop).ToHaveAttributeAsync("href",
            new System.Text.RegularExpressions.Regex($"^https://crm\\.banque-lumiere\\.example/fiche\\?contact={callId}&file=lumiere-banking-fr&appelant=[0-9a-f]{{16,}}$"));
        await Assertions.Expect(pop).ToHaveAttributeAsync("target", "_blank");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");

        var target = desk.GetByLabel("Transférer vers");
        await Assertions.Expect(target.Locator("optgroup[label=\"Files\"] option")).ToContainTextAsync(["Banque Lumière — particuliers (FR)"]);
        await Assertions.Expect(target.Locator("optgroup[label=\"Agents\"] option[value=\"agent:agent02\"]")).ToHaveTextAsync("Anas Alaoui — Déconnecté");
        await Assertions.Expect(target.Locator("option[value=\"agent:agent01\"]")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(desk, "agent-transfer");
        await target.SelectOptionAsync("agent:agent02");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Transférer", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Transferred");
        await Assertions.Expect(desk.Locator("#call-banner")).ToHaveTextAsync("Appel transféré");
        await Assertions.Expect(desk.Locator("#transfer")).ToBeHiddenAsync();

        await colleague.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-status", "Ringing");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
    }

    /// <summary>The telephony edge could not move the caller after the desk's blind transfer: the call is back on the first desk.</summary>
    [Fact]
    public async Task ATransferTheEdgeCouldNotCarryOut_ShowsTheCallConnectedAgain_AndSaysTheTransferFailed()
    {
        var (desk, colleague, pbx, callId) = await OfferedDeskAndColleagueAsync("+33612340002");
        using var _ = pbx;
        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
        await Assertions.Expect(desk.Locator("#transfer-failed")).ToBeHiddenAsync();
        var target = desk.GetByLabel("Transférer vers");
        var colleagueOption = target.Locator("option[value=\"agent:agent02\"]");
        await Assertions.Expect(colleagueOption).ToHaveTextAsync("Anas Alaoui — Déconnecté");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#agent-state")).ToHaveTextAsync("Disponible");
        // The list read when the call connected is read again when the agent goes to it.
        await target.FocusAsync();
        await Assertions.Expect(colleagueOption).ToHaveTextAsync("Anas Alaoui — Disponible");

        await target.SelectOptionAsync("agent:agent02");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Transférer", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Transferred");
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-status", "Ringing");

        var failed = await pbx.PostAsJsonAsync($"/api/telephony/calls/{callId}/transfer-failed", new { reason = "603" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
        await Assertions.Expect(desk.Locator("#transfer-failed")).ToHaveTextAsync("Le transfert a échoué : l'appelant est toujours en ligne avec vous.");
        await Assertions.Expect(colleague.Locator("#call")).ToHaveAttributeAsync("data-status", "Withdrawn");
        await Assertions.Expect(colleague.Locator("#agent-state")).ToHaveTextAsync("Disponible");
        await Chromium.ScreenshotAsync(desk, "agent-transfer-failed");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
