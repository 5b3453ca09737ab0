using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The wallboard's service level through the day: a line per client company the supervisor may see.</summary>
public sealed class DayChartTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task Wallboard_ChartsEachClientsServiceLevelThroughTheDay()
    {
        var platform = _platform.Platform();
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var agent = await platform.LoginAsync("agent01", "demo", default);
        await platform.SetStateAsync(agent, "Available", null, default);
        var call = await platform.PostCallAsync(pbx, "lumiere-banking-fr", "+33622222222", default);
        await platform.AnswerAsync(agent, call.CallId, default);

        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await page.WaitForFunctionAsync("() => Chart.getChart(document.getElementById('day-chart'))?.data.datasets.length === 3",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        var names = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.getElementById('day-chart')).data.datasets.map(d => d.label)");
        Assert.Contains("Banque Lumière", names);
        var points = await page.EvaluateAsync<int>(
            "() => Chart.getChart(document.getElementById('day-chart')).data.datasets.find(d => d.label === 'Banque Lumière').data.filter(v => v !== null).length");
        Assert.True(points >= 1, "the bank's answered call shows in no half hour");
        await Chromium.ScreenshotAsync(page, "wallboard-day-chart");

        await page.SelectOptionAsync("select[name=tenantId]", "mosane-insurance");
        await page.WaitForFunctionAsync("() => Chart.getChart(document.getElementById('day-chart')).data.datasets.length === 1",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    [Fact]
    public async Task TheChartsDay_IsEachClientsToday_InItsTimeZone_WhateverTheBrowsersZone()
    {
        // At any instant at least one of these browser zones (UTC−12, UTC+14) is on another date than Paris or Brussels.
        foreach (var browserZone in new[] { "Etc/GMT+12", "Pacific/Kiritimati" })
        {
            var page = await _chromium.NewPageAsync(_platform.Address, browserZone);
            var asked = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
            page.Request += (_, request) =>
            {
                if (!request.Url.Contains("/api/sla/reports")) return;
                var query = System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query);
                asked[query["tenantId"]!] = query["from"]!;
            };
            await WallboardPage.LogInAsync(page, "supervisor");
            await page.WaitForFunctionAsync("() => Chart.getChart(document.getElementById('day-chart'))?.data.datasets.length === 3",
                null, new PageWaitForFunctionOptions { Timeout = 15_000 });
            foreach (var (tenant, zone) in new[] { ("lumiere-bank", "Europe/Paris"), ("mosane-insurance", "Europe/Brussels"), ("helvet-telecom", "Europe/Zurich") })
            {
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
                Assert.Equal(today.ToString("yyyy-MM-dd"), asked[tenant]);
            }
            await page.Context.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
