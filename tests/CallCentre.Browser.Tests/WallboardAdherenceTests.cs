using CallCentre.Contracts.Scheduling;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Scheduling's adherence exceptions in the wallboard's alert feed, as a supervisor reads them.</summary>
public sealed class WallboardAdherenceTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task AnAgentOutOfAdherence_AndBack_AppearsInTheFeed_InFrenchAndEnglish()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");

        var bus = _platform.Services.GetRequiredService<IBus>();
        var since = DateTimeOffset.UtcNow.AddMinutes(-6);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await bus.Publish(new AdherenceExceptionRaised("agent01", ["lumiere-bank"], today, "break", "NotReady:break", "OnCall", null,
            since, 360, DateTimeOffset.UtcNow));
        var raised = page.Locator("#alerts li[data-kind=\"adherence-out\"]");
        await Assertions.Expect(raised).ToContainTextAsync(
            "Hors adhérence au planning · Karim Chraibi (agent01) — prévu : pause, réel : En appel (depuis 6 min)");
        // Redelivered: still one entry.
        await bus.Publish(new AdherenceExceptionRaised("agent01", ["lumiere-bank"], today, "break", "NotReady:break", "OnCall", null,
            since, 360, DateTimeOffset.UtcNow));

        await bus.Publish(new AdherenceExceptionCleared("agent01", ["lumiere-bank"], today, since, since.AddMinutes(12), 720,
            DateTimeOffset.UtcNow.AddSeconds(1)));
        var back = page.Locator("#alerts li[data-kind=\"adherence-back\"]");
        await Assertions.Expect(back).ToContainTextAsync("De retour en adhérence · Karim Chraibi (agent01) — 12 min hors adhérence");
        await Assertions.Expect(page.Locator("#alerts li").First).ToHaveAttributeAsync("data-kind", "adherence-back");
        await Assertions.Expect(raised).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "wallboard-adherence-alerts");

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.Locator("#alerts li[data-kind=\"adherence-out\"]")).ToContainTextAsync(
            "Out of adherence with the schedule · Karim Chraibi (agent01) — scheduled: break, actual: On call (for 6 min)");
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
