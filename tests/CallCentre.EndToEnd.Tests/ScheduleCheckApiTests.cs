using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A schedule checked by simulation through the API: Scheduling asks over the bus, the Simulator plays it with the routing
/// engine, Scheduling keeps and serves the answer beside Erlang's figures (docs/rostering.md).</summary>
public sealed class ScheduleCheckApiTests
{
    private const int Intervals = 16;

    private static object Body(string tenant = "lumiere-bank", string shiftAgent = "a01", int agents = 14) => new
    {
        tenantId = tenant,
        seeds = 5,
        requirement = new
        {
            intervalMinutes = 30,
            queues = new[]
            {
                new
                {
                    id = "q", skillGroup = "team", ahtSeconds = 180, targetServiceLevel = 0.8, targetAnswerSeconds = 20,
                    forecast = Enumerable.Range(0, Intervals).Select(t => new { start = new DateTime(2026, 12, 7, 8, 0, 0).AddMinutes(30 * t), calls = 100 }),
                },
            },
        },
        agents = Enumerable.Range(1, agents).Select(i => new { id = $"a{i:00}", skills = new[] { "team" } }),
        shifts = Enumerable.Range(1, agents).Select(i => new
        {
            agentId = i == 1 ? shiftAgent : $"a{i:00}", template = "day", start = "2026-12-07T08:00", end = "2026-12-07T16:00",
        }),
    };

    [Fact]
    public async Task ConstantRate_CheckAgreesWithErlangC_IsKeptAndServed()
    {
        using var platform = new EmbeddedPlatform();
        using var supervisor = await platform.HttpAs("supervisor");

        using var response = await supervisor.PostAsJsonAsync("/api/schedules/checks/", Body());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, check.GetProperty("runs").GetInt32());
        var rows = check.GetProperty("queues")[0].GetProperty("intervals").EnumerateArray().ToList();
        Assert.Equal(Intervals, rows.Count);
        Assert.All(rows, r => Assert.Equal(14, r.GetProperty("agents").GetInt32()));
        Assert.All(rows, r => Assert.Equal(0.8884, r.GetProperty("erlangServiceLevel").GetDouble(), 3));
        // Five days of 100 calls a half-hour: after the first (empty-queue) half-hour the mean is within the runs' noise of Erlang C.
        var simulated = rows.Skip(1).Average(r => r.GetProperty("simulatedServiceLevel").GetDouble());
        Assert.InRange(simulated, 0.8884 - 0.05, 0.8884 + 0.05);
        Assert.All(rows, r => Assert.InRange(r.GetProperty("simulatedCalls").GetDouble(), 70, 130));
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/schedules/checks/{check.GetProperty("id").GetGuid()}");

        var kept = await supervisor.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(check.GetRawText(), kept.GetRawText());
        using var unknown = await supervisor.GetAsync($"/api/schedules/checks/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var client = await platform.HttpAs("client-lumiere-bank");
        using var refused = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // Another tenant's supervisor gets the answer an unknown check gets.
        using var otherSupervisor = platform.Http();
        otherSupervisor.DefaultRequestHeaders.Authorization = new("Bearer",
            Security.TestTokens.For(platform, new Security.Principal("supervisor of B", Hosting.Auth.Roles.Supervisor, [Security.Principal.TenantB])));
        using var hidden = await otherSupervisor.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task UnknownTenantIs404_ShiftOfAnUnknownAgentOrTooManyCallsIs400NamingIt()
    {
        using var platform = new EmbeddedPlatform();
        using var supervisor = await platform.HttpAs("supervisor");

        using var tenant = await supervisor.PostAsJsonAsync("/api/schedules/checks/", Body(tenant: "nobody"));
        using var agent = await supervisor.PostAsJsonAsync("/api/schedules/checks/", Body(shiftAgent: "ghost"));
        using var tooMuch = await supervisor.PostAsJsonAsync("/api/schedules/checks/", new { tenantId = "lumiere-bank", seeds = 20,
            requirement = new { intervalMinutes = 30, queues = new[] { new { id = "q", ahtSeconds = 180, targetServiceLevel = 0.8, targetAnswerSeconds = 20,
                forecast = new[] { new { start = "2026-12-07T08:00:00", calls = 200_000 } } } } },
            agents = new[] { new { id = "a01", skills = new[] { "q" } } }, shifts = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.NotFound, tenant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, agent.StatusCode);
        Assert.Contains("shifts[0].agentId", await agent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("simulated calls", await tooMuch.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SimulatorNotHosted_503NamingIt_WithinTheTimeout()
    {
        using var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?>
        {
            ["Modules"] = "scheduling", ["Scheduling:SimulationCheckTimeout"] = "00:00:02",
        });
        using var supervisor = await platform.HttpAs("supervisor");

        using var response = await supervisor.PostAsJsonAsync("/api/schedules/checks/", Body());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("simulator", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static async Task<JsonElement> LatestAsync(HttpClient http, DateOnly day, Func<JsonElement, bool> until, string what)
    {
        var json = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var checks = await http.GetFromJsonAsync<JsonElement>($"/api/schedules/checks/?tenantId=lumiere-bank&day={day:yyyy-MM-dd}");
            return checks.GetArrayLength() > 0 && until(checks[0]) ? checks[0].GetRawText() : null;
        }, what, TimeSpan.FromSeconds(90));
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    public async Task PublishingADay_ChecksTheStoredScheduleAgainstTheForecast_AndPricesTheMissedDayInTheContractsCurrency()
    {
        using var platform = new EmbeddedPlatform();
        await ShortStaffedDay.AddDayContractAsync(platform, 500m, "CHF");

        var day = await ShortStaffedDay.PublishAsync(platform);
        using var supervisor = await platform.HttpAs("supervisor");
        var check = await LatestAsync(supervisor, day, c => c.GetProperty("status").GetString() != "pending", "the published day's check");

        Assert.Equal("done", check.GetProperty("status").GetString());
        Assert.Equal("Europe/Paris", check.GetProperty("timeZone").GetString());
        var queue = Assert.Single(check.GetProperty("queues").EnumerateArray());
        Assert.Equal("lumiere-banking-fr", queue.GetProperty("queueId").GetString());
        var rows = queue.GetProperty("intervals").EnumerateArray().ToDictionary(r => r.GetProperty("start").GetString()![11..16]);
        Assert.Equal(48, rows.Count);
        Assert.Equal(4, rows["10:00"].GetProperty("agents").GetInt32());
        Assert.Equal(0, rows["15:00"].GetProperty("agents").GetInt32());
        Assert.InRange(rows["10:00"].GetProperty("forecastCalls").GetDouble(), 5, 7);
        Assert.InRange(rows["10:00"].GetProperty("simulatedServiceLevel").GetDouble(), 0.85, 1);
        Assert.Equal(0, rows["15:00"].GetProperty("simulatedServiceLevel").GetDouble());
        var whole = queue.GetProperty("day");
        Assert.InRange(whole.GetProperty("simulatedServiceLevel").GetDouble(), 0.4, 0.7);
        Assert.Equal(1, whole.GetProperty("missedTargetShare").GetDouble());
        Assert.Equal(500m, queue.GetProperty("expectedPenalty").GetDecimal());
        Assert.Equal("CHF", queue.GetProperty("currency").GetString());
        var total = Assert.Single(check.GetProperty("expectedPenalties").EnumerateArray());
        Assert.Equal(("CHF", 500m), (total.GetProperty("currency").GetString(), total.GetProperty("amount").GetDecimal()));
        var kept = await supervisor.GetFromJsonAsync<JsonElement>($"/api/schedules/checks/{check.GetProperty("id").GetGuid()}");
        Assert.Equal(check.GetRawText(), kept.GetRawText());
    }

    [Fact]
    public async Task SimulatorNotHosted_PublishingSucceeds_TheCheckStaysPendingAndIsTriedAgain()
    {
        using var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?>
        {
            ["Modules"] = "scheduling", ["Scheduling:SimulationCheckTimeout"] = "00:00:01", ["Scheduling:SimulationCheckRetry"] = "00:00:01",
        });

        var day = await ShortStaffedDay.PublishAsync(platform);
        using var supervisor = await platform.HttpAs("supervisor");
        var check = await LatestAsync(supervisor, day, c => c.GetProperty("attempts").GetInt32() >= 2, "a second attempt");

        Assert.Equal("pending", check.GetProperty("status").GetString());
        Assert.Contains("Simulator", check.GetProperty("problem").GetString());
        using var asked = await supervisor.PostAsJsonAsync("/api/schedules/checks/published", new { tenantId = "lumiere-bank", day = $"{day:yyyy-MM-dd}" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(check.GetProperty("id").GetGuid(), (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        using var noDay = await supervisor.PostAsJsonAsync("/api/schedules/checks/published", new { tenantId = "lumiere-bank" });
        Assert.Equal(HttpStatusCode.BadRequest, noDay.StatusCode);
        Assert.Contains("day", await noDay.Content.ReadAsStringAsync());
    }
}
