using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Every page, signed in, under the Content-Security-Policy the server sends: nothing refused, no script error.</summary>
public sealed class ContentSecurityPolicyTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new(demoTraffic: true);
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Theory]
    [InlineData("/", "supervisor", "#tiles > *")]
    [InlineData("/agent.html", "agent01", "body")]
    [InlineData("/portal.html", "client-lumiere-bank", "body")]
    [InlineData("/staffing.html", "supervisor", "#result:not(:empty)")]
    public async Task Page_RunsUnderThePolicy_WithNothingRefused(string path, string user, string selector)
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add(message.Text);
        };
        page.PageError += (_, error) => problems.Add(error);
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync(path);
        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"]);
        await SignInForm.LogInAsync(page, path, user);
        await Assertions.Expect(page.Locator(selector).First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(problems);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
