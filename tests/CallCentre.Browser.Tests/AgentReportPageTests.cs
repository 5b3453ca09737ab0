using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The agent performance page in Chromium: a supervisor reads two agents' figures, sorts by handle time, picks an agent
/// for their trend and handle-time distribution, reads their team's subtotal and filters to it, and switches to English.</summary>
public sealed class AgentReportPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    /// <summary>An hour ago: agent01 handles two calls (100 s and 130 s of handle time), agent02 one (400 s) after declining it.</summary>
    private async Task SeedAsync()
    {
        var calls = _platform.Services.GetRequiredService<CallRecordStore>();
        var offers = _platform.Services.GetRequiredService<AgentReportStore>();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        async Task Leg(string agent, double talk, double hold, double wrapUp, bool declinedFirst = false)
        {
            var id = Guid.NewGuid();
            if (declinedFirst)
                await offers.RecordOfferAsync(id, "lumiere-bank", "lumiere-banking-fr", agent, at, OfferReturn.Rejected, at.AddSeconds(3), default);
            await offers.RecordOfferAsync(id, "lumiere-bank", "lumiere-banking-fr", agent, at.AddSeconds(5), null, null, default);
            await calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(id, "lumiere-bank", "lumiere-banking-fr", agent, at,
                at.AddSeconds(8), at.AddSeconds(8 + talk + hold), CallLegEnd.Completed, talk, hold, wrapUp, null)), default);
        }
        await Leg("agent01", 80, 10, 10);
        await Leg("agent01", 100, 0, 30);
        await Leg("agent02", 350, 20, 30, declinedFirst: true);
    }

    [Fact]
    public async Task Supervisor_SortsByHandleTime_PicksAnAgent_AndReadsItInEnglish()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SeedAsync();
        await SignInForm.LogInAsync(page, "/agents.html", "supervisor");

        var rows = page.Locator("#agents-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("th")).ToHaveTextAsync("Anas Alaoui (agent02)");   // by name first
        await Assertions.Expect(rows.Nth(1).Locator("th")).ToHaveTextAsync("Karim Chraibi (agent01)");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(0)).ToHaveTextAsync("Banking");           // team (centre.demo.json)
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(2)).ToHaveTextAsync("2");                 // answered
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(9)).ToHaveTextAsync("115 s");             // AHT (100 + 130) / 2
        var footer = page.Locator("#agents-table tfoot tr");
        await Assertions.Expect(footer).ToHaveCountAsync(2);
        await Assertions.Expect(footer.Nth(0).Locator("th")).ToHaveTextAsync("Équipe Banking");
        await Assertions.Expect(footer.Nth(0).Locator("td").Nth(9)).ToHaveTextAsync("210 s");          // (100 + 130 + 400) / 3
        await Assertions.Expect(footer.Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("4");               // the centre's offers

        await page.GetByRole(AriaRole.Button, new() { Name = "DMT" }).ClickAsync();                     // longest first
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-agent", "agent02");
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(4)).ToHaveTextAsync("1");                 // rejected
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(9)).ToHaveTextAsync("400 s");
        await page.GetByRole(AriaRole.Button, new() { Name = "DMT" }).ClickAsync();
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-agent", "agent01");

        await rows.Nth(0).ClickAsync();
        await Assertions.Expect(page.Locator("#trend-agent")).ToHaveTextAsync("Karim Chraibi");
        var bins = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.getElementById('distribution')).data.labels");
        Assert.Equal(["90–120 s", "120–150 s"], bins);
        var answered = await page.EvaluateAsync<double[]>(
            "() => Chart.getChart(document.getElementById('trend')).data.datasets[0].data.filter(v => v > 0)");
        Assert.Equal([2.0], answered);
        await Chromium.ScreenshotAsync(page, "agent-performance");

        await page.SelectOptionAsync("#team", "Banking");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Assertions.Expect(footer).ToHaveCountAsync(1);                                            // the team's, no centre
        await Assertions.Expect(footer.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("4");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        await page.SelectOptionAsync("#team", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "AHT" })).ToBeVisibleAsync();
        await Assertions.Expect(footer.Nth(1).Locator("th")).ToHaveTextAsync("Centre");
        await Assertions.Expect(footer.Nth(0).Locator("th")).ToHaveTextAsync("Team Banking");
        await Assertions.Expect(page.Locator("#distribution-title")).ToContainTextAsync("Handle time distribution");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _platform.Dispose();
    }
}
