using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>How a person uses the wallboard page (index.html).</summary>
public static class WallboardPage
{
    public static async Task LogInAsync(IPage page, string user)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Utilisateur").FillAsync(user);
        await page.GetByLabel("Mot de passe").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    public static ILocator Field(IPage page, string queueId, string field) =>
        page.Locator($"[data-queue=\"{queueId}\"] [data-field=\"{field}\"]");
}
