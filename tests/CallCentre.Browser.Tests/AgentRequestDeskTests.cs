using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Hosting.Data;
using CallCentre.Scheduling;
using CallCentre.Scheduling.Adherence;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>In Chromium: agent01 asks for two hours off in the desk; lumiere-banking-fr has only five days of calls, too few
/// for a forecast, so the check cannot know the requirement and queues the request; the supervisor reads why on the
/// requests page and approves it, and the published schedule loses those two hours.</summary>
public sealed class AgentRequestDeskTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private readonly CentreCalendar _calendar = CentreCalendar.For("Africa/Casablanca");
    private Chromium _chromium = null!;
    private DateOnly _day;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _day = _calendar.DateOf(DateTimeOffset.UtcNow).AddDays(3);
        using var supervisor = await _platform.HttpAs("supervisor");
        var published = await supervisor.PutAsJsonAsync("/api/schedules/published", new
        {
            days = new[] { new { agentId = "agent01", date = $"{_day:yyyy-MM-dd}", activities = new[] { new { kind = "work", start = $"{_day:yyyy-MM-dd}T08:00", end = $"{_day:yyyy-MM-dd}T16:00" } } } },
        });
        Assert.True(published.IsSuccessStatusCode);
        var recent = Enumerable.Range(1, 5).Select(d => DateTimeOffset.UtcNow.AddDays(-d).ToUnixTimeMilliseconds())
            .Select(at => new { CallId = Guid.NewGuid().ToString(), QueuedAt = at }).ToList();
        await _platform.Services.GetRequiredService<ModuleDatabase<SchedulingModule>>().RunAsync((c, _) => c.ExecuteAsync(
            "INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at) VALUES (@CallId, 'lumiere-bank', 'lumiere-banking-fr', @QueuedAt)", recent));
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _platform.Dispose();
    }

    [Fact]
    public async Task AgentAsksForTimeOffInTheDesk_SupervisorApprovesIt_AndTheScheduleFollows()
    {
        var day = _day.ToString("yyyy-MM-dd");
        var desk = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(desk, "/agent.html", "agent01");
        await Assertions.Expect(desk.Locator("#requests")).ToBeVisibleAsync();
        await desk.FillAsync("#time-off-from", $"{day}T10:00");
        await desk.FillAsync("#time-off-to", $"{day}T12:00");
        await desk.FillAsync("#time-off-note", "rendez-vous médical");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Demander un congé" }).ClickAsync();
        var mine = desk.Locator("#my-requests li[data-status=queued]");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(mine.Locator("[data-field=status]")).ToHaveTextAsync("en attente du superviseur");
        await Assertions.Expect(mine.Locator("[data-field=why]")).ToContainTextAsync("lumiere-banking-fr");
        await Chromium.ScreenshotAsync(desk, "agent-request-queued");

        var queue = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(queue, "/requests.html", "supervisor");
        var row = queue.Locator("#requests tbody tr[data-status=queued]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("agent01");
        await Assertions.Expect(row.Locator("[data-field=summary]")).ToContainTextAsync("21");
        await row.Locator("[data-field=reason]").FillAsync("Aucun appel prévu à cette heure");
        await Chromium.ScreenshotAsync(queue, "agent-request-supervisor-queue");
        await row.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(queue.Locator("#requests tbody tr[data-status=queued]")).ToHaveCountAsync(0);
        await queue.SelectOptionAsync("#status", "all");
        var decided = queue.Locator("#requests tbody tr[data-status=approved]");
        await Assertions.Expect(decided).ToHaveCountAsync(1);
        await decided.Locator("summary").ClickAsync();
        await Assertions.Expect(decided.Locator("ol li")).ToHaveCountAsync(2);
        await Assertions.Expect(decided.Locator("ol li").Nth(1)).ToContainTextAsync("supervisor · acceptées · Aucun appel prévu à cette heure");
        await Chromium.ScreenshotAsync(queue, "agent-request-supervisor-approved");

        await desk.ReloadAsync();
        await Assertions.Expect(desk.Locator("#my-requests li[data-status=approved] [data-field=status]")).ToHaveTextAsync("acceptée");

        using var supervisor = await _platform.HttpAs("supervisor");
        using var schedule = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/schedules/published?from={day}&agentId=agent01"));
        var work = schedule.RootElement.GetProperty("days")[0].GetProperty("activities").EnumerateArray()
            .Select(a => (a.GetProperty("start").GetString()![11..16], a.GetProperty("end").GetString()![11..16])).ToList();
        Assert.Equal([("08:00", "10:00"), ("12:00", "16:00")], work);
    }
}
