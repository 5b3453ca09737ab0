using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>How a person uses the wallboard page (index.html).</summary>
public static class WallboardPage
{
    public static Task LogInAsync(IPage page, string user) => SignInForm.LogInAsync(page, "/", user);

    public static ILocator Field(IPage page, string queueId, string field) =>
        page.Locator($"[data-queue=\"{queueId}\"] [data-field=\"{field}\"]");
}
