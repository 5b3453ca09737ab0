using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The staffing what-if in Chromium: a supervisor asks the published case and reads 14 agents, 20 to schedule.</summary>
public sealed class StaffingPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task PublishedCase_Shows14AgentsAnd20Scheduled_WithItsCurve()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/staffing.html", "supervisor");
        // 100 calls per 30 minutes, 180 s, 80 % in 20 s, 30 % shrinkage: the defaults are the textbook case.
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("14 agents au téléphone, 20 à planifier");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("88,8");
        Assert.True(await page.EvaluateAsync<bool>("() => !!Chart.getChart(document.getElementById('curve'))"));
        var points = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('curve')).data.datasets[0].data.filter(v => v !== null).length");
        Assert.True(points >= 8, $"only {points} points on the curve");
        await Chromium.ScreenshotAsync(page, "staffing-erlang-c");

        await page.FillAsync("#patience", "120");
        await page.ClickAsync("#question button[type=submit]");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("abandons");

        await page.FillAsync("#aht", "100000"); // passes the form's own checks; the API refuses more than a day
        await page.ClickAsync("#question button[type=submit]");
        await Assertions.Expect(page.Locator("#staffing-error")).ToContainTextAsync("86400");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
