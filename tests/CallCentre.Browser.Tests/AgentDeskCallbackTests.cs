using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>An in-queue callback end to end in Chromium: the caller chooses it, the desk offers it, the agent accepts, the PBX
/// dials and reports the customer reached, the agent is connected and ends it. The number never reaches the page.</summary>
public sealed class AgentDeskCallbackTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task TheDeskShowsTheCallback_TheAgentAccepts_AndIsConnectedWhenThePbxReachesTheCustomer()
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["ar"] = 4 },
            capacity = new Dictionary<string, int> { ["callback"] = 1 },
        })).StatusCode);
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await AgentPage.LogInAsync(desk, "agent01");
        await Assertions.Expect(desk.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(desk.Locator("#no-callback")).ToBeVisibleAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        using var pbx = await _platform.HttpAs("pbx");
        var placed = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33 6 55 44 33 22" });
        var callId = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted,
            (await pbx.PostAsJsonAsync($"/api/telephony/calls/{callId}/callback", new { callbackNumber = "+33 6 55 44 33 22" })).StatusCode);

        var item = desk.Locator($"#callback-list li[data-call-id=\"{callId}\"]");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-stage", "Offered");
        await Assertions.Expect(item).ToContainTextAsync("Rappel — file lumiere-banking-fr — tentative 1 — proposé");
        await Chromium.ScreenshotAsync(desk, "agent-callback-offered");
        await item.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(item).ToHaveAttributeAsync("data-stage", "Dialing");

        var dials = JsonDocument.Parse(await pbx.GetStringAsync("/api/telephony/callbacks/dials")).RootElement;
        var dial = Assert.Single(dials.EnumerateArray());
        Assert.Equal((callId, "agent01", "+33655443322"),
            (dial.GetProperty("callId").GetGuid(), dial.GetProperty("agentId").GetString(), dial.GetProperty("callbackNumber").GetString()));
        Assert.Equal(HttpStatusCode.OK,
            (await pbx.PostAsJsonAsync($"/api/telephony/callbacks/{callId}/attempts", new { attempt = 1, outcome = "connected" })).StatusCode);

        await Assertions.Expect(item).ToHaveAttributeAsync("data-stage", "Connected");
        await Assertions.Expect(item).ToContainTextAsync("client en ligne");
        // The connected callback lives in its own panel: the phone call's panel stays empty, with no second End button.
        await Assertions.Expect(desk.Locator("#no-call")).ToBeVisibleAsync();
        await Assertions.Expect(desk.Locator("#call")).ToBeHiddenAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Terminer l'appel" })).ToHaveCountAsync(0);
        Assert.DoesNotContain("655443322", await desk.ContentAsync());
        Assert.DoesNotContain("55 44 33", await desk.ContentAsync());
        await Chromium.ScreenshotAsync(desk, "agent-callback-connected");
        await item.GetByRole(AriaRole.Button, new() { Name = "Terminer le rappel" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#no-callback")).ToBeVisibleAsync();
        await Assertions.Expect(desk.Locator("#callback-list li")).ToHaveCountAsync(0);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
