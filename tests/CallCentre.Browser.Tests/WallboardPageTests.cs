using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CallCentre.Contracts.Sla;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CallCentre.Browser.Tests;

/// <summary>The supervisor wallboard in Chromium: log in as a supervisor would, and watch a queue's tile follow a call.</summary>
public sealed class WallboardPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task PostedCall_AppearsWaitingOnTheQueueTileWithinASecond()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(page.Locator("#connection")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bconnected\b"));
        // The page takes the compact feed: the snapshot as whole tiles, then TileRows merged into them.
        Assert.Contains(sockets, url => url.Contains("/hubs/wallboard?updates=rows", StringComparison.Ordinal));
        var waiting = WallboardPage.Field(page, "lumiere-banking-fr", "waiting");
        await Assertions.Expect(waiting).ToHaveTextAsync("0");
        await Chromium.ScreenshotAsync(page, "wallboard-connected");

        using var pbx = await _platform.HttpAs("pbx");
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        var accepted = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-queue=\"lumiere-banking-fr\"] [data-field=\"waiting\"]')?.textContent === '1'",
            null, new PageWaitForFunctionOptions { Timeout = 5_000, PollingInterval = 10 });
        var latency = accepted.Elapsed;
        output.WriteLine($"wallboard latency after the 202: {latency.TotalMilliseconds:F0} ms");
        await Chromium.ScreenshotAsync(page, "wallboard-call-waiting");

        Assert.True(latency <= TimeSpan.FromSeconds(1), $"The tile showed the call {latency.TotalMilliseconds:F0} ms after the 202 (at most 1,000 ms).");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        // The row carried only live figures: the tile keeps its name and client line from the snapshot.
        var tile = page.Locator("[data-queue=\"lumiere-banking-fr\"]");
        await Assertions.Expect(tile.Locator("h2")).ToHaveTextAsync("Banque Lumière — particuliers (FR)");
        await Assertions.Expect(tile.Locator(".client")).ToHaveTextAsync("lumiere-bank · banking · fr");
        // Nobody is available: the call is still waiting, and the other queues show nothing.
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-cards-fr", "waiting")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task AgentActivityAndServiceLevelAlerts_AppearInTheGridAndTheFeed()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();

        using var agent = await _platform.HttpAs("agent01");
        (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        var row = page.Locator("#agents tr[data-agent=\"agent01\"]");
        await Assertions.Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Disponible");
        await Assertions.Expect(row.Locator("th")).ToHaveTextAsync("Karim Chraibi (agent01)");

        using var pbx = await _platform.HttpAs("pbx");
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        var call = (await response.Content.ReadFromJsonAsync<CallCentre.Simulator.Live.PlatformClient.CallResponse>())!.CallId;
        await Assertions.Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Sonnerie");
        await Assertions.Expect(row.Locator("[data-field=call]")).ToHaveTextAsync("Banque Lumière — particuliers (FR)");

        // Declining twice in a row (alone, agent01 is offered the same call again) makes Routing put the agent not ready.
        (await agent.PostAsync($"/api/agents/me/calls/{call}/reject", null)).EnsureSuccessStatusCode();
        await WaitForStateAsync(agent, "Reserved");
        (await agent.PostAsync($"/api/agents/me/calls/{call}/reject", null)).EnsureSuccessStatusCode();
        await Assertions.Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Pas prêt — offres refusées");
        var refused = page.Locator("#alerts li[data-kind=\"offers-rejected\"]");
        await Assertions.Expect(refused).ToContainTextAsync("Agent passé en pas prêt : offres refusées · Karim Chraibi (agent01)");

        var bus = _platform.Services.GetRequiredService<IBus>();
        await bus.Publish(new SlaBreached("lumiere-bank", "lumiere-banking-fr", DateOnly.FromDateTime(DateTime.UtcNow), 0.62, 0.8, 20, 1, 1.2,
            DateTimeOffset.UtcNow));
        var breach = page.Locator("#alerts li[data-kind=\"sla-breached\"]");
        await Assertions.Expect(breach).ToContainTextAsync("Objectif de niveau de service manqué · Banque Lumière — particuliers (FR) — 62,0\u00a0% / 80,0\u00a0%");
        // Newest first.
        await Assertions.Expect(page.Locator("#alerts li").First).ToHaveAttributeAsync("data-kind", "sla-breached");
        await Chromium.ScreenshotAsync(page, "wallboard-agents-and-alerts");
    }

    [Fact]
    public async Task ClientFilter_ShowsOnlyThatClientsQueues_InEnglishToo()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(page.Locator(".tile:visible")).ToHaveCountAsync(8);

        await page.GetByLabel("Client").SelectOptionAsync("helvet-telecom");
        await Assertions.Expect(page.Locator(".tile:visible")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".tile:visible h2").First).ToHaveTextAsync("Helvet Télécom — Support (DE)");
        await page.GetByLabel("Langue").SelectOptionAsync("en");
        await Assertions.Expect(page.Locator(".tile:visible")).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.Locator(".tile:visible dt").First).ToHaveTextAsync("Target");
        await Assertions.Expect(page.Locator(".tile:visible dd").First).ToHaveTextAsync("70.0\u00a0% in 30\u00a0s");
        await Assertions.Expect(page.Locator(".tile:visible")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "wallboard-filtered-english");
    }

    private static async Task WaitForStateAsync(HttpClient agent, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await agent.GetFromJsonAsync<AgentMe>("/api/agents/me"))!.State != state)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for the agent to be {state}.");
            await Task.Delay(20);
        }
    }

    private sealed record AgentMe(string State);

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
