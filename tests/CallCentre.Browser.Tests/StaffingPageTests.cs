using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>The staffing page in Chromium: a supervisor asks the published case and reads 14 agents, 20 to schedule; then
/// schedules a small team against a day's requirement and reads the coverage the solver answered.</summary>
public sealed class StaffingPageTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task PublishedCase_Shows14AgentsAnd20Scheduled_WithItsCurve()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/staffing.html", "supervisor");
        // 100 calls per 30 minutes, 180 s, 80 % in 20 s, 30 % shrinkage: the defaults are the textbook case.
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("14 agents au téléphone, 20 à planifier");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("88,8");
        // The result shows as soon as the head count is known; the curve follows once every neighbouring count has answered.
        await page.WaitForFunctionAsync("() => !!Chart.getChart(document.getElementById('curve'))");
        var points = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('curve')).data.datasets[0].data.filter(v => v !== null).length");
        Assert.True(points >= 8, $"only {points} points on the curve");
        await Chromium.ScreenshotAsync(page, "staffing-erlang-c");

        await page.FillAsync("#patience", "120");
        await page.ClickAsync("#question button[type=submit]");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("abandons");

        await page.FillAsync("#aht", "100000"); // passes the form's own checks; the API refuses more than a day
        await page.ClickAsync("#question button[type=submit]");
        await Assertions.Expect(page.Locator("#staffing-error")).ToContainTextAsync("86400");
    }

    [Fact]
    public async Task ScheduleCoverage_FromTheKeyboard_ChartsScheduledAgainstRequired_WithTheSolversFigures()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/staffing.html", "supervisor");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("14 agents");
        await page.FillAsync("#coverage-team", "6");

        var required = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/staffing/requirements", StringComparison.Ordinal));
        var solved = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/schedules/solve", StringComparison.Ordinal),
            new PageWaitForResponseOptions { Timeout = 60_000 });
        await page.FocusAsync("#coverage-peak");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("coverage-solve", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        var requirementResponse = await required;
        var solveResponse = await solved;
        Assert.Equal(200, requirementResponse.Status);
        Assert.Equal(200, solveResponse.Status);
        using var requirement = JsonDocument.Parse(await requirementResponse.BodyAsync());
        using var schedule = JsonDocument.Parse(await solveResponse.BodyAsync());
        var answer = schedule.RootElement;

        var figures = page.Locator("#coverage-figures");
        await Assertions.Expect(figures).ToBeVisibleAsync();
        var status = answer.GetProperty("status").GetString()!;
        Assert.Contains(status, new[] { "optimal", "feasible" });
        await Assertions.Expect(figures.Locator("[data-field=status]")).ToHaveAttributeAsync("data-value", status);
        await Assertions.Expect(figures.Locator("[data-field=status]")).ToHaveTextAsync(status == "optimal" ? "optimal" : "réalisable (limite de temps atteinte)");
        await Assertions.Expect(figures.Locator("[data-field=under]")).ToHaveTextAsync(answer.GetProperty("underStaffed").GetInt64().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(figures.Locator("[data-field=over]")).ToHaveTextAsync(answer.GetProperty("overStaffed").GetInt64().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(figures.Locator("[data-field=shifts]")).ToHaveTextAsync(answer.GetProperty("shifts").GetArrayLength().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(figures.Locator("[data-field=paid]"))
            .ToHaveTextAsync(answer.GetProperty("paidHours").GetDouble().ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")));
        var gap = answer.GetProperty("gap");
        await Assertions.Expect(figures.Locator("[data-field=gap]")).ToHaveAttributeAsync("data-value",
            gap.ValueKind == JsonValueKind.Null ? "" : gap.GetDouble().ToString(CultureInfo.InvariantCulture));

        // The chart: one bar (on the phones) and one step (required) per interval of the day, 8:00 to 20:00 in half hours,
        // the solver's coverage, whose requirement is the requirements API's answer.
        var day = await page.InputValueAsync("#coverage-day");
        var coverage = answer.GetProperty("coverage").EnumerateArray()
            .Where(c => c.GetProperty("start").GetString()!.StartsWith(day, StringComparison.Ordinal)
                        && (c.GetProperty("required").GetInt32() > 0 || c.GetProperty("onDuty").GetInt32() > 0))
            .ToList();
        var chart = await page.EvaluateAsync<JsonElement>(
            "() => { const c = Chart.getChart(document.getElementById('coverage-chart')); return { labels: c.data.labels, onDuty: c.data.datasets[0].data, required: c.data.datasets[1].data }; }");
        Assert.Equal(coverage.Select(c => c.GetProperty("start").GetString()![11..16]), chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(coverage.Select(c => c.GetProperty("onDuty").GetInt32()), chart.GetProperty("onDuty").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(coverage.Select(c => c.GetProperty("required").GetInt32()), chart.GetProperty("required").EnumerateArray().Select(v => v.GetInt32()));
        var asked = requirement.RootElement.GetProperty("intervals").EnumerateArray()
            .ToDictionary(i => i.GetProperty("start").GetString()![11..16], i => i.GetProperty("groups")[0].GetProperty("agents").GetInt32());
        Assert.Equal(24, asked.Count);
        foreach (var c in coverage)
            Assert.Equal(asked.GetValueOrDefault(c.GetProperty("start").GetString()![11..16]), c.GetProperty("required").GetInt32());
        Assert.True(coverage.Sum(c => c.GetProperty("required").GetInt32()) > 0, "an empty requirement");
        Assert.True(coverage.Sum(c => c.GetProperty("onDuty").GetInt32()) > 0, "nobody scheduled");
        Assert.Equal(coverage.Count, await page.Locator("#coverage-details tbody tr").CountAsync());
        await Chromium.ScreenshotAsync(page, "staffing-coverage");

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(page.Locator("#coverage-title")).ToHaveTextAsync("A schedule's coverage against the requirement");
        await Assertions.Expect(figures.Locator("[data-field=status]")).ToHaveTextAsync(status == "optimal" ? "optimal" : "feasible (time limit reached)");
        Assert.Equal("Required", await page.EvaluateAsync<string>("() => Chart.getChart(document.getElementById('coverage-chart')).data.datasets[1].label"));
        await Chromium.ScreenshotAsync(page, "staffing-coverage-en");
    }

    [Fact]
    public async Task PublishedDay_ItsCheckBySimulationShowsBesideErlang_WithTheContractsPenalty()
    {
        await ShortStaffedDay.AddDayContractAsync(_platform, 500m, "CHF");
        var day = await ShortStaffedDay.PublishAsync(_platform);
        var page = await _chromium.NewPageAsync(_platform.Address);
        await SignInForm.LogInAsync(page, "/staffing.html", "supervisor");

        await page.SelectOptionAsync("#published-tenant", ShortStaffedDay.Tenant);
        await page.FillAsync("#published-day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.ClickAsync("#published-show");
        // Pending until the Simulator has played it: the page polls, then shows the figures.
        await Assertions.Expect(page.Locator("#published-status")).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 90_000 });

        var line = page.Locator($"#published-queues li[data-queue={ShortStaffedDay.Queue}]");
        await Assertions.Expect(line).ToContainTextAsync("vérifié par simulation à");
        var sl = double.Parse((await line.GetAttributeAsync("data-sl"))!, CultureInfo.InvariantCulture);
        Assert.InRange(sl, 0.4, 0.7);
        await Assertions.Expect(line).ToContainTextAsync(new Regex($@"NS {(sl * 100).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"))}\s%\s±\s\d"));
        await Assertions.Expect(line).ToContainTextAsync("(Erlang ");
        await Assertions.Expect(line).ToContainTextAsync(new Regex(@"pénalité attendue 500,00\sCHF"));
        await Assertions.Expect(page.Locator("#published-penalties")).ToContainTextAsync(new Regex(@"500,00\sCHF"));
        // Per interval, Erlang's service level beside the simulated one: 4 agents until 14:00, nobody after.
        await page.ClickAsync("#published-details summary");
        var rows = page.Locator("#published-details tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "10:00" }).Locator("td").Nth(3)).ToHaveTextAsync("4");
        await Assertions.Expect(rows.Filter(new() { HasText = "15:00" }).Locator("td").Nth(3)).ToHaveTextAsync("0");
        await Assertions.Expect(rows.Filter(new() { HasText = "15:00" }).Locator("td").Nth(5)).ToHaveTextAsync(new Regex(@"^0\s%\s±\s0\s%$"));
        Assert.Matches(@"^\d+(,\d)?\s%$", await rows.Filter(new() { HasText = "10:00" }).Locator("td").Nth(4).TextContentAsync());
        await Chromium.ScreenshotAsync(page, "staffing-published-check");

        await page.SelectOptionAsync("#lang-switch", "en");
        await Assertions.Expect(line).ToContainTextAsync("checked by simulation at");
        await Assertions.Expect(line).ToContainTextAsync(new Regex(@"expected penalty \S*\s?500\.00"));
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
