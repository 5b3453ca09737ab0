using System.Net.Http.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The client portal in Chromium, as a client company's manager would use it: its own service levels against its
/// contract, the downloads, and nobody else's data.</summary>
public sealed class PortalPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    private async Task AnsweredCallAsync(string queue)
    {
        var platform = _platform.Platform();
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var agent = await platform.LoginAsync("agent01", "demo", default);
        await platform.SetStateAsync(agent, "Available", null, default);
        var call = await platform.PostCallAsync(pbx, queue, "+33611111111", default);
        await platform.AnswerAsync(agent, call.CallId, default);
        await platform.CompleteAsync(agent, call.CallId, "resolved", default);
        using var admin = await _platform.HttpAs("admin");
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            var today = await admin.GetFromJsonAsync<List<CallCentre.Contracts.Sla.QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
            return today!.Any(q => q.QueueId == queue && q.Answered == 1) ? today : null;
        }, "the call in SlaTracking");
    }

    [Fact]
    public async Task Client_SeesItsOwnServiceLevels_AndDownloadsItsReport()
    {
        await AnsweredCallAsync("lumiere-banking-fr");
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/portal.html", "client-lumiere-bank");

        var rows = page.Locator("#compliance tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3); // the bank's three queues, nobody else's
        await Assertions.Expect(page.Locator("#tenant-name")).ToContainTextAsync("Banque Lumière");
        await Assertions.Expect(page.Locator("#compliance")).Not.ToContainTextAsync("Mosane");
        var banking = rows.Filter(new LocatorFilterOptions { HasText = "particuliers" });
        await Assertions.Expect(banking.Locator("td").Nth(3)).ToHaveTextAsync("1"); // offered
        await Assertions.Expect(banking.Locator("td").Nth(4)).ToHaveTextAsync("1"); // answered
        await Assertions.Expect(page.Locator("#no-data")).ToBeHiddenAsync();
        await Chromium.ScreenshotAsync(page, "portal-fr");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("button[data-format=csv]"));
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        Assert.Contains("Banque Lumière — particuliers (FR)", csv);
        Assert.DoesNotContain("Mosane", csv);
        Assert.DoesNotContain("611111111", csv);

        // The evidence behind the queue's figures: the answered call, counted as met, with no caller number.
        var contacts = await page.RunAndWaitForDownloadAsync(() => banking.Locator("button[data-contacts-queue]").ClickAsync());
        var lines = (await File.ReadAllTextAsync((await contacts.PathAsync())!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Contact;File;Période;", lines[0].TrimStart('\uFEFF'));
        var only = Assert.Single(lines.Skip(1));
        Assert.Contains("Banque Lumière — particuliers (FR)", only);
        Assert.Contains(";answered;", only);
        Assert.EndsWith(";oui;met", only.TrimEnd('\r'));
        Assert.DoesNotContain("611111111", only);

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(page.Locator("#compliance thead")).ToContainTextAsync("Service level");
        await Chromium.ScreenshotAsync(page, "portal-en");
    }

    [Fact]
    public async Task Client_ReadsTheTenantsLanguageByDefault_ThenDutchAndGerman_KeptAfterAReload()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/portal.html", "client-helvet-telecom");

        // Helvet Télécom reads its reports in English: the portal opens in it without being asked.
        await Assertions.Expect(page.Locator("#compliance-title")).ToHaveTextAsync("Compliance this month");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("#lang-switch")).ToHaveValueAsync("en");

        await page.SelectOptionAsync("#lang-switch", "nl");
        await Assertions.Expect(page.Locator("#compliance-title")).ToHaveTextAsync("Naleving deze maand");
        await Assertions.Expect(page.Locator("#compliance thead")).ToContainTextAsync("Serviceniveau");
        await Assertions.Expect(page.Locator("#compliance tbody")).ToContainTextAsync("0,00");
        Assert.Equal("CallCentre — klantenportaal", await page.TitleAsync());
        await Chromium.ScreenshotAsync(page, "portal-nl");

        await page.SelectOptionAsync("#lang-switch", "de");
        await Assertions.Expect(page.Locator("#compliance-title")).ToHaveTextAsync("Einhaltung in diesem Monat");
        await Assertions.Expect(page.Locator("#compliance thead")).ToContainTextAsync("Warteschlange");
        await Assertions.Expect(page.Locator("#logout")).ToHaveTextAsync("Abmelden");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#compliance-title")).ToHaveTextAsync("Einhaltung in diesem Monat");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Chromium.ScreenshotAsync(page, "portal-de");
    }

    [Fact]
    public async Task Client_CannotReachAnotherClientsReport()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/portal.html", "client-lumiere-bank");
        await Assertions.Expect(page.Locator("#compliance tbody tr")).ToHaveCountAsync(3);
        // What a curious client could try from its own session: another tenant's report by URL.
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/sla/reports?tenantId=mosane-insurance&from=2026-11-01&to=2026-11-30&format=json',
                { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('client-token') } })).status
            """);
        Assert.Equal(404, status);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
