using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>How a person uses the agent desktop (agent.html).</summary>
public static class AgentPage
{
    public static async Task LogInAsync(IPage page, string user)
    {
        await page.GotoAsync("/agent.html");
        await page.GetByLabel("Utilisateur").FillAsync(user);
        await page.GetByLabel("Mot de passe").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    public static ILocator Field(IPage page, string field) => page.Locator($"#call [data-field=\"{field}\"]");
}
