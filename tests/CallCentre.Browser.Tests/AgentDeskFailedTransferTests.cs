using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The telephony edge could not move the caller after the desk's blind transfer: the call is back on the first desk.</summary>
public sealed class AgentDeskFailedTransferTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task ATransferTheEdgeCouldNotCarryOut_ShowsTheCallConnectedAgain_AndSaysTheTransferFailed()
    {
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        var colleague = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(colleague, "agent02");
        await Assertions.Expect(colleague.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connecté");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        using var pbx = await _platform.HttpAs("pbx");
        var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612340002" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var callId = System.Text.Json.JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetString();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#call")).ToHaveAttributeAsync("data-status", "Connected");
        await Assertions.Expect(desk.Locator("#transfer-failed")).ToBeHiddenAsync();
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(colleague.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        await desk.GetByLabel("Transférer vers").SelectOptionAsync("agent:agent02");
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
