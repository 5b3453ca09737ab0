using System.Net;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The team editor in Chromium: an admin moves an agent to a new team and takes another out of any team, the teams stay
/// after a reload and Routing's admin API holds them, the agent report page shows the new team; a supervisor reads the teams only.</summary>
public sealed class TeamEditorPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task Admin_AssignsTeams_TheyPersist_AndTheAgentReportShowsThem()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/teams.html", "admin");

        var karim = page.GetByLabel("Équipe — Karim Chraibi");
        await Assertions.Expect(karim).ToHaveValueAsync("Banking");                                    // centre.demo.json
        await karim.FillAsync("Recouvrement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer — Karim Chraibi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#teams-status")).ToHaveTextAsync("Karim Chraibi : équipe enregistrée.");
        await page.GetByLabel("Équipe — Anas Alaoui").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer — Anas Alaoui" }).ClickAsync();
        await Assertions.Expect(page.Locator("#teams-status")).ToHaveTextAsync("Anas Alaoui : équipe enregistrée.");
        await Assertions.Expect(page.Locator("#teams-error")).ToBeEmptyAsync();
        await Chromium.ScreenshotAsync(page, "team-editor");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Équipe — Karim Chraibi")).ToHaveValueAsync("Recouvrement");
        await Assertions.Expect(page.GetByLabel("Équipe — Anas Alaoui")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Équipe — Youssef Lahlou (agent03)")).ToHaveValueAsync("Banking");
        using var admin = await _platform.HttpAs("admin");
        async Task<JsonElement> Definition(string agent) =>
            JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/agents/{agent}")).RootElement.GetProperty("agent");
        var karimDefinition = await Definition("agent01");
        Assert.Equal("Recouvrement", karimDefinition.GetProperty("team").GetString());
        Assert.NotEmpty(karimDefinition.GetProperty("skills").EnumerateObject());                       // the rest kept
        Assert.True(!(await Definition("agent02")).TryGetProperty("team", out var none) || none.ValueKind == JsonValueKind.Null);

        // The report counts an agent in the team they are in when it runs.
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var id = Guid.NewGuid();
        await _platform.Services.GetRequiredService<AgentReportStore>().RecordOfferAsync(id, "lumiere-bank", "lumiere-banking-fr", "agent01", at,
            null, null, default);
        await _platform.Services.GetRequiredService<CallRecordStore>().UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(id,
            "lumiere-bank", "lumiere-banking-fr", "agent01", at, at.AddSeconds(5), at.AddSeconds(95), CallLegEnd.Completed, 90, 0, 10, null)), default);
        var report = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(report, "/agents.html", "supervisor");
        var row = report.Locator("#agents-table tbody tr[data-agent='agent01']");
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("Recouvrement");
        await Assertions.Expect(report.Locator("#agents-table tfoot tr").Nth(0).Locator("th")).ToHaveTextAsync("Équipe Recouvrement");
    }

    [Fact]
    public async Task Supervisor_ReadsTheTeams_WithoutEditing()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/teams.html", "supervisor");

        var karim = page.Locator("#team-table tbody tr[data-agent='agent01']");
        await Assertions.Expect(karim.Locator("td").Nth(0)).ToHaveTextAsync("Banking");
        await Assertions.Expect(page.Locator("#read-only")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#team-table input").CountAsync());
        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsync("/api/admin/agents/agent01",
            new StringContent("""{"name":"Karim Chraibi","skills":{},"team":"X"}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _platform.Dispose();
    }
}
