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
}
