using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>How a person uses the agent desktop (agent.html).</summary>
public static class AgentPage
{
    public static Task LogInAsync(IPage page, string user) => SignInForm.LogInAsync(page, "/agent.html", user);

    public static ILocator Field(IPage page, string field) => page.Locator($"#call [data-field=\"{field}\"]");
}
