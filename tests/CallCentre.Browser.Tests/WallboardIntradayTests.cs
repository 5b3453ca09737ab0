using CallCentre.Contracts.Scheduling;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Scheduling's intraday reforecast on the wallboard's queue tiles, as a supervisor reads it: calls so far against the
/// morning forecast, the rest of the day, and the first interval the schedule leaves short, in the client's time zone.</summary>
public sealed class WallboardIntradayTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    /// <summary>Lumière's day in Paris (UTC+1 in November): 08:00 to 13:45 over, 100 calls forecast and 120 come; the rest of the
    /// day 14:00 to 17:45 at 30 calls reforecast each; five agents required from 14:00, two scheduled.</summary>
    private static IntradayStaffingUpdated Day(DateTimeOffset at, int scheduledFromTwo)
    {
        var start = new DateTimeOffset(2026, 11, 18, 7, 0, 0, TimeSpan.Zero);
        var intervals = Enumerable.Range(0, 40).Select(k =>
        {
            var over = k < 24;
            return new IntradayInterval(start.AddMinutes(15 * k), over ? 100.0 / 24 : 25, over ? 5 : null, over ? 5 : 30, 200,
                over ? 4 : 5, over ? 4 : scheduledFromTwo);
        }).ToList();
        return new IntradayStaffingUpdated("lumiere-bank", new DateOnly(2026, 11, 18), "Europe/Paris", 15, at,
            [new QueueIntraday("lumiere-banking-fr", 1.2, 1.0, intervals)]);
    }

    [Fact]
    public async Task TheQueueTile_ShowsForecastAgainstActual_AndTheGapInAgents_InFrenchAndEnglish()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "waiting")).ToHaveTextAsync("0");

        var bus = _platform.Services.GetRequiredService<IBus>();
        await bus.Publish(Day(DateTimeOffset.UtcNow, scheduledFromTwo: 2));
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "intraday-calls")).ToHaveTextAsync("120 pour 100 prévus");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "intraday-rest")).ToHaveTextAsync("480 attendus (prévision × 1,20)");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "gap")).ToHaveTextAsync("3 agents manquants à partir de 14:00");
        await Chromium.ScreenshotAsync(page, "wallboard-intraday");
        // Another queue's tile gets nothing.
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-cards-fr", "gap")).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "intraday-calls")).ToHaveTextAsync("120 for 100 forecast");
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "gap")).ToHaveTextAsync("3 agents short from 14:00");

        // An older message (a late redelivery) changes nothing; a newer one with the schedule met says so.
        await bus.Publish(Day(DateTimeOffset.UtcNow.AddMinutes(-5), scheduledFromTwo: 0));
        await bus.Publish(Day(DateTimeOffset.UtcNow.AddSeconds(1), scheduledFromTwo: 5));
        await Assertions.Expect(WallboardPage.Field(page, "lumiere-banking-fr", "gap")).ToHaveTextAsync("Staffed as required for the rest of the day");

        // A page opened now gets the day on connecting.
        var later = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(later, "supervisor");
        await Assertions.Expect(WallboardPage.Field(later, "lumiere-banking-fr", "gap")).ToHaveTextAsync("Effectif suffisant pour le reste de la journée");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
