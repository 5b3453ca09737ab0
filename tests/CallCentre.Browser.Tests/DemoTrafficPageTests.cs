using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The wallboard as <c>dotnet run --project services/Host</c> shows it: the simulator's callers and agents at work.</summary>
public sealed class DemoTrafficPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new(demoTraffic: true);
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task DemoTraffic_FillsTheAgentGridAndMovesTheTiles()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");

        // The simulated agents log in and take calls: the grid fills and calls are answered.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#agents tbody tr').length >= 20", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-field=counts]')].some(d => Number(d.textContent.split(' / ')[1]) >= 3)", null,
            new PageWaitForFunctionOptions { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("#agents tbody tr").First.Locator("[data-field=since]")).ToHaveTextAsync(new Regex(@"^\d\d:\d\d$"));
        await Chromium.ScreenshotAsync(page, "wallboard-demo-traffic");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
