using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The sign-in form every page shares (login.js), filled in as a person would, in French (the default).</summary>
public static class SignInForm
{
    public static async Task LogInAsync(IPage page, string path, string user)
    {
        await page.GotoAsync(path);
        await page.GetByLabel("Utilisateur").FillAsync(user);
        await page.GetByLabel("Mot de passe").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }
}
