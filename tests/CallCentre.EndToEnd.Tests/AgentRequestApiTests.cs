using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Data;
using CallCentre.Scheduling;
using CallCentre.Scheduling.Adherence;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The whole platform on SQLite: lumiere-banking-fr has eight weeks of six calls a half-hour (08:00–18:00 Paris, five
/// minutes each: three agents needed), four agents are published 08:00–16:00 a week from today; agents ask, the check
/// decides, a supervisor decides the rest.</summary>
public sealed class AgentRequestApiTests : IClassFixture<AgentRequestApiTests.Centre>
{
    public sealed class Centre : IAsyncLifetime
    {
        public EmbeddedPlatform Platform { get; } = new();
        public CentreCalendar Calendar { get; } = CentreCalendar.For("Africa/Casablanca");
        public DateOnly Day { get; private set; }

        public async Task InitializeAsync()
        {
            _ = Platform.Address;
            Day = Calendar.DateOf(DateTimeOffset.UtcNow).AddDays(7);
            await RecordedCalls.SeedAsync(Platform, "lumiere-bank", "lumiere-banking-fr", Day.AddDays(-56), Day, callsPerHalfHour: 6);
            using var supervisor = await Platform.HttpAs("supervisor");
            // The time-off tests work on Day, the swap on the day after: neither changes what the other finds.
            var days = new[] { Day, Day.AddDays(1) }.SelectMany(d => new[] { "agent01", "agent02", "agent03", "agent04" }.Select(a => new
            {
                agentId = a, date = d.ToString("yyyy-MM-dd"),
                activities = new[] { new { kind = "work", start = $"{d:yyyy-MM-dd}T08:00", end = $"{d:yyyy-MM-dd}T16:00" } },
            }));
            var published = await supervisor.PutAsJsonAsync("/api/schedules/published", new { days });
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        public Task DisposeAsync()
        {
            Platform.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Centre _centre;
    private EmbeddedPlatform Platform => _centre.Platform;
    private string Day => _centre.Day.ToString("yyyy-MM-dd");

    public AgentRequestApiTests(Centre centre) => _centre = centre;

    private async Task<HttpClient> As(string role, string subject, params Claim[] claims)
    {
        var http = Platform.Http();
        var token = Platform.Services.GetRequiredService<TokenIssuer>().Issue(subject, [new Claim(CallCentreClaims.Role, role), .. claims]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Task.FromResult(http);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<IReadOnlyList<(string Kind, string Start, string End)>> PublishedAsync(string agent, string? day = null)
    {
        using var supervisor = await Platform.HttpAs("supervisor");
        var body = await Json(await supervisor.GetAsync($"/api/schedules/published?from={day ?? Day}&agentId={agent}"));
        return body.GetProperty("days").EnumerateArray().SelectMany(d => d.GetProperty("activities").EnumerateArray())
            .Select(a => (a.GetProperty("kind").GetString()!, a.GetProperty("start").GetString()![11..16], a.GetProperty("end").GetString()![11..16])).ToList();
    }

    [Fact]
    public async Task TimeOff_ApprovedWhenMet_QueuedWhenShort_ThenApprovedOnceBySupervisor()
    {
        using var agent01 = await Platform.HttpAs("agent01");
        var first = await agent01.PostAsJsonAsync("/api/agent-requests/time-off", new { from = $"{Day}T09:00", to = $"{Day}T11:00", note = "bank" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var approved = await Json(first);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.All(approved.GetProperty("assessment").GetProperty("intervals").EnumerateArray(),
            i => Assert.Equal((3, 4, 3, 3), (i.GetProperty("required").GetInt32(), i.GetProperty("scheduledBefore").GetInt32(),
                i.GetProperty("scheduledAfter").GetInt32(), i.GetProperty("coveredAfter").GetInt32())));
        Assert.Equal([("work", "08:00", "09:00"), ("work", "11:00", "16:00")], await PublishedAsync("agent01"));

        using var agent02 = await Platform.HttpAs("agent02");
        var second = await Json(await agent02.PostAsJsonAsync("/api/agent-requests/time-off", new { from = $"{Day}T10:00", to = $"{Day}T12:00" }));
        Assert.Equal("queued", second.GetProperty("status").GetString());
        Assert.Equal($"1 agent short {Day} 10:00–11:00", second.GetProperty("summary").GetString());
        Assert.Equal([("work", "08:00", "16:00")], await PublishedAsync("agent02"));
        var id = second.GetProperty("id").GetString();

        using var supervisor = await Platform.HttpAs("supervisor");
        var queue = await Json(await supervisor.GetAsync("/api/agent-requests/"));
        Assert.Contains(queue.GetProperty("requests").EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        var decision = new { approve = true, reason = "agent05 comes in early" };
        var once = await supervisor.PostAsJsonAsync($"/api/agent-requests/{id}/decision", decision);
        var twice = await supervisor.PostAsJsonAsync($"/api/agent-requests/{id}/decision", decision);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (once.StatusCode, twice.StatusCode));
        Assert.Equal("approved", (await Json(twice)).GetProperty("status").GetString());
        Assert.Equal([("work", "08:00", "10:00"), ("work", "12:00", "16:00")], await PublishedAsync("agent02"));
        var denial = await supervisor.PostAsJsonAsync($"/api/agent-requests/{id}/decision", new { approve = false, reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.Conflict, denial.StatusCode);

        var detail = await Json(await supervisor.GetAsync($"/api/agent-requests/{id}"));
        var audit = detail.GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("decidedBy").GetString(), d.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([("system", "queued"), ("supervisor", "approved")], audit);
        var figures = detail.GetProperty("decisions")[1].GetProperty("figures").GetProperty("shortfalls")[0];
        Assert.Equal(1, figures.GetProperty("agents").GetInt32());
        Assert.Equal("agent05 comes in early", detail.GetProperty("decisions")[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Swap_OfferedToColleaguesWhoCanCoverIt_AndApprovedWhenTaken()
    {
        var next = _centre.Day.AddDays(1).ToString("yyyy-MM-dd");
        using var agent03 = await Platform.HttpAs("agent03");
        var offer = await Json(await agent03.PostAsJsonAsync("/api/agent-requests/swaps", new { date = next, note = "wedding" }));
        Assert.Equal("offered", offer.GetProperty("status").GetString());
        var id = offer.GetProperty("id").GetString();

        using var agent13 = await Platform.HttpAs("agent13");
        Assert.DoesNotContain((await Json(await agent13.GetAsync("/api/agent-requests/mine"))).GetProperty("offers").EnumerateArray(),
            o => o.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await agent13.PostAsync($"/api/agent-requests/{id}/accept", null)).StatusCode);
        using var agent04 = await Platform.HttpAs("agent04");
        var busy = await agent04.PostAsync($"/api/agent-requests/{id}/accept", null);
        Assert.Equal(HttpStatusCode.BadRequest, busy.StatusCode);
        Assert.True((await Json(busy)).GetProperty("errors").TryGetProperty("requestId", out _));

        using var agent06 = await Platform.HttpAs("agent06");
        Assert.Contains((await Json(await agent06.GetAsync("/api/agent-requests/mine"))).GetProperty("offers").EnumerateArray(),
            o => o.GetProperty("id").GetString() == id);
        var taken = await Json(await agent06.PostAsync($"/api/agent-requests/{id}/accept", null));
        Assert.Equal(("approved", "agent06"), (taken.GetProperty("status").GetString(), taken.GetProperty("coveringAgentId").GetString()));
        Assert.Empty(await PublishedAsync("agent03", next));
        Assert.Equal([("work", "08:00", "16:00")], await PublishedAsync("agent06", next));
        Assert.Equal(HttpStatusCode.Conflict, (await agent06.PostAsync($"/api/agent-requests/{id}/accept", null)).StatusCode);
    }

    [Fact]
    public async Task BadInput_IsA400NamingTheField()
    {
        using var agent = await Platform.HttpAs("agent04");
        async Task<string[]> Fields(object body) =>
            [.. (await Json(await agent.PostAsJsonAsync("/api/agent-requests/time-off", body))).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

        Assert.Equal(["from", "to"], await Fields(new { }));
        Assert.Equal(["to"], await Fields(new { from = Day, to = $"{Day}T12:00" }));
        Assert.Equal(["to"], await Fields(new { from = $"{Day}T12:00", to = $"{Day}T11:00" }));
        Assert.Equal(["from"], await Fields(new { from = "tomorrow", to = $"{Day}T11:00" }));
        Assert.Equal(["note"], await Fields(new { from = $"{Day}T09:00", to = $"{Day}T10:00", note = new string('x', 501) }));
        Assert.Equal(["from"], await Fields(new { from = _centre.Day.AddDays(2).ToString("yyyy-MM-dd"), to = _centre.Day.AddDays(2).ToString("yyyy-MM-dd") }));
        Assert.Equal(["to"], await Fields(new { from = "2020-01-01", to = "2020-01-02" }));
        var swap = await agent.PostAsJsonAsync("/api/agent-requests/swaps", new { date = _centre.Day.AddDays(2).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.BadRequest, swap.StatusCode);
        Assert.True((await Json(swap)).GetProperty("errors").TryGetProperty("date", out _));

        using var supervisor = await Platform.HttpAs("supervisor");
        var status = await supervisor.GetAsync("/api/agent-requests/?status=later");
        Assert.True((await Json(status)).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task OtherTenantsSupervisorsAndOtherAgents_GetNotFound()
    {
        using var agent07 = await Platform.HttpAs("agent07");
        // agent07 has nothing published: a day of its own first.
        using (var supervisor = await Platform.HttpAs("supervisor"))
            Assert.Equal(HttpStatusCode.OK, (await supervisor.PutAsJsonAsync("/api/schedules/published", new
            {
                days = new[] { new { agentId = "agent07", date = Day, activities = new[] { new { kind = "work", start = $"{Day}T16:00", end = $"{Day}T20:00" } } } },
            })).StatusCode);
        var request = await Json(await agent07.PostAsJsonAsync("/api/agent-requests/time-off", new { from = $"{Day}T19:00", to = $"{Day}T20:00" }));
        var id = request.GetProperty("id").GetString();

        using var mosane = await As(Roles.Supervisor, "mosane-supervisor", new Claim(CallCentreClaims.Tenant, "mosane-insurance"));
        Assert.Equal(HttpStatusCode.NotFound, (await mosane.GetAsync($"/api/agent-requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mosane.PostAsJsonAsync($"/api/agent-requests/{id}/decision", new { approve = false, reason = "no" })).StatusCode);
        Assert.DoesNotContain((await Json(await mosane.GetAsync("/api/agent-requests/?status=all"))).GetProperty("requests").EnumerateArray(),
            r => r.GetProperty("agentId").GetString() == "agent07");
        using var lumiere = await As(Roles.Supervisor, "lumiere-supervisor", new Claim(CallCentreClaims.Tenant, "lumiere-bank"));
        Assert.Equal(HttpStatusCode.OK, (await lumiere.GetAsync($"/api/agent-requests/{id}")).StatusCode);

        using var agent08 = await Platform.HttpAs("agent08");
        Assert.Equal(HttpStatusCode.NotFound, (await agent08.GetAsync($"/api/agent-requests/{id}")).StatusCode);
        Assert.DoesNotContain((await Json(await agent08.GetAsync("/api/agent-requests/mine"))).GetProperty("requests").EnumerateArray(),
            r => r.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent08.PostAsJsonAsync($"/api/agent-requests/{id}/decision", new { approve = true, reason = "me" })).StatusCode);
    }
}
