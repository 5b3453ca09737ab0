using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Debian's Chromium, driven by Playwright. The browser is the one named by <c>CALLCENTRE_TEST_CHROMIUM</c>
/// (tests/run.sh exports /usr/bin/chromium); Playwright never downloads one. Without the variable the tests fail.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Variable = "CALLCENTRE_TEST_CHROMIUM";

    private readonly IPlaywright _playwright;
    public IBrowser Browser { get; }

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(path))
                throw new InvalidOperationException(
                    $"{Variable} is not set: run the tests with tests/run.sh, which installs Debian's chromium and exports " +
                    $"{Variable}=/usr/bin/chromium (or set it yourself to a Chromium executable).");
            if (!File.Exists(path))
                throw new InvalidOperationException($"{Variable}={path}, but there is no such file: install Debian's chromium (apt-get install -y chromium).");
            return path;
        }
    }

    /// <param name="args">Switches besides the usual ones (e.g. a fake microphone).</param>
    public static async Task<Chromium> LaunchAsync(IEnumerable<string>? args = null)
    {
        var executable = ExecutablePath;
        // Playwright would otherwise look for (and offer to download) its own browser build.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", .. args ?? []],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh page (its own context: cookies and session storage are not shared with other pages).</summary>
    /// <param name="timeZone">The browser's time zone (IANA); the machine's when null.</param>
    public async Task<IPage> NewPageAsync(Uri baseAddress, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "fr-FR",
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves the page as screenshots/<paramref name="name"/>.png under the test's output folder.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
