using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The client portal's signed monthly pack in Chromium: offered for closed months only, issued on the first
/// download, the same version on the next, and valid when handed back to the verification endpoint.</summary>
public sealed class PortalPackTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task Client_DownloadsTheSignedPackOfAClosedMonth()
    {
        var closed = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM");
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/portal.html", "client-lumiere-bank");
        await Assertions.Expect(page.Locator("#compliance tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#pack")).ToBeHiddenAsync(); // the current month is not closed

        await page.FillAsync("#month", closed);
        await Assertions.Expect(page.Locator("#pack")).ToBeVisibleAsync();
        var first = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pack"));
        var again = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pack"));

        Assert.Equal($"pack-lumiere-bank-{closed}-v1.zip", first.SuggestedFilename);
        Assert.Equal(first.SuggestedFilename, again.SuggestedFilename);
        var zip = await File.ReadAllBytesAsync((await first.PathAsync())!);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
            Assert.Equal(["contacts-lumiere-bank-" + closed + ".csv", "manifest.json", "manifest.sig", "report-lumiere-bank-" + closed + ".pdf",
                "signing-key.pem"], archive.Entries.Select(e => e.FullName).Order().ToArray());
        using var http = await _platform.HttpAs("client-lumiere-bank");
        var content = new ByteArrayContent(zip) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } };
        var verdict = await (await http.PostAsync("/api/sla/packs/verify", content)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("valid").GetBoolean(), verdict.ToString());
        Assert.Equal(closed, verdict.GetProperty("month").GetString());

        await page.FillAsync("#month", DateTime.UtcNow.AddMonths(1).ToString("yyyy-MM"));
        await Assertions.Expect(page.Locator("#pack")).ToBeHiddenAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
