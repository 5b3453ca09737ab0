using System.Net.Http.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>In Chromium, the admin adds a webhook to a receiver that refuses everything: the secret is shown once, a call's event
/// fails twice and is dead-lettered on the page; the receiver accepts again and the admin sends it again.</summary>
public sealed class WebhooksPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new(settings: new Dictionary<string, string?>
    {
        ["Webhooks:AllowLoopbackHttp"] = "true", ["Webhooks:PollInterval"] = "00:00:00.200", ["Webhooks:RetryDelay"] = "00:00:00.200",
        ["Webhooks:MaxAttempts"] = "2",
    });
    private Chromium _chromium = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _receiver = await WebhookReceiver.StartAsync();
        _receiver.Status = 503;
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _chromium.DisposeAsync();
        _platform.Dispose();
    }

    [Fact]
    public async Task AdminAddsAWebhook_SeesItsSecretOnce_AndRedeliversADeadLetter()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/webhooks.html", "admin");
        await Assertions.Expect(page.Locator("#tenant option")).ToHaveCountAsync(3);
        await page.SelectOptionAsync("#tenant", "lumiere-bank");
        await page.FillAsync("#add-url", _receiver.Url);
        await page.Locator("#add-events input[value='call.queued']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
        await Assertions.Expect(page.Locator("#secret-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_[0-9a-f]{64}$"));
        var row = page.Locator("#webhooks tbody tr[data-id]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("call.queued, call.completed");

        using var pbx = await _platform.HttpAs("pbx");
        (await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612340000" })).EnsureSuccessStatusCode();
        var dead = page.Locator("#dead tbody tr[data-id]");
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            await page.SelectOptionAsync("#tenant", "mosane-insurance");
            await page.SelectOptionAsync("#tenant", "lumiere-bank");
            return await dead.CountAsync() == 1 ? "" : null;
        }, "the dead letter on the page");
        await Assertions.Expect(dead.Locator("td").Nth(0)).ToHaveTextAsync("call.queued");
        await Assertions.Expect(dead.Locator("td").Nth(2)).ToHaveTextAsync("2");
        await Assertions.Expect(dead.Locator("td").Nth(3)).ToHaveTextAsync("HTTP 503 Service Unavailable");
        await Chromium.ScreenshotAsync(page, "webhooks-dead-letter");

        _receiver.Status = 204;
        await dead.GetByRole(AriaRole.Button, new() { Name = "Renvoyer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dead tbody tr[data-id]")).ToHaveCountAsync(0);
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            await page.SelectOptionAsync("#tenant", "mosane-insurance");
            await page.SelectOptionAsync("#tenant", "lumiere-bank");
            return await page.Locator("#log tbody tr[data-id] td").Nth(2).TextContentAsync() == "livré" ? "" : null;
        }, "the redelivered event delivered");
        Assert.Equal(3, _receiver.Requests.Count);
        await Chromium.ScreenshotAsync(page, "webhooks-redelivered");
    }
}
