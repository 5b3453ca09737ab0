using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The tenant wall over HTTP on the demo centre: an agent cannot transfer into another client's queue, the PBX cannot
/// name an ineligible agent, a supervisor granted one client sees and writes only the agents who serve it in Scheduling, and a
/// call ends with a disposition code of its own client's list.</summary>
public sealed class TenantWallApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>A supervisor token granted <paramref name="tenant"/> only.</summary>
    private HttpClient SupervisorOf(string tenant)
    {
        var http = _platform.Http();
        var token = _platform.Services.GetRequiredService<TokenIssuer>().Issue("supervisor-" + tenant,
            [new Claim(CallCentreClaims.Role, Roles.Supervisor), new Claim(CallCentreClaims.Tenant, tenant)]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<(HttpClient Agent, Guid CallId)> ConnectedCallAsync(string agentId, string queueId)
    {
        var agent = await _platform.HttpAs(agentId);
        (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        using var pbx = await _platform.HttpAs("pbx");
        using var posted = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId, callerNumber = "+33600000077" });
        var call = await Json(posted);
        Assert.Equal(agentId, call.GetProperty("agentId").GetString());
        var callId = call.GetProperty("callId").GetGuid();
        (await agent.PostAsync($"/api/agents/me/calls/{callId}/answer", null)).EnsureSuccessStatusCode();
        return (agent, callId);
    }

    [Fact]
    public async Task Transfer_IntoAnotherClientsQueue_Is404LikeAnUnknownQueue_AndTheCallStaysConnected()
    {
        // agent36 serves all three clients: the wall is the call's tenant, not what the agent may serve.
        var (agent, callId) = await ConnectedCallAsync("agent36", "lumiere-banking-ar");
        using (agent)
        {
            using var across = await agent.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { queueId = "helvet-support-fr" });
            Assert.Equal(HttpStatusCode.NotFound, across.StatusCode);
            var problem = await Json(across);
            Assert.Equal("There is no queue 'helvet-support-fr'.", problem.GetProperty("errors").GetProperty("queueId")[0].GetString());
            using var nowhere = await agent.PostAsJsonAsync($"/api/agents/me/calls/{callId}/transfer", new { queueId = "nowhere" });
            Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);

            var me = await agent.GetFromJsonAsync<JsonElement>("/api/agents/me");
            Assert.Equal("OnCall", me.GetProperty("state").GetString());
            Assert.Equal("lumiere-banking-ar", me.GetProperty("call").GetProperty("queueId").GetString());
        }
    }

    [Fact]
    public async Task PreferredAgent_WhoDoesNotServeTheQueue_Is400NamingPreferredAgentId_AndNoCallIsQueued()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var supervisor = await _platform.HttpAs("supervisor");
        // agent28 (telecom, de) serves Helvet Télécom only; agent09 (banking, fr 4, en 3) lacks the Arabic of lumiere-banking-ar.
        foreach (var (queue, agent) in new[] { ("lumiere-banking-fr", "agent28"), ("lumiere-banking-ar", "agent09") })
        {
            using var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = queue, callerNumber = "+33600000078", preferredAgentId = agent });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await Json(response)).GetProperty("errors");
            Assert.Contains(agent, errors.GetProperty("preferredAgentId")[0].GetString());
        }
        var queues = await supervisor.GetFromJsonAsync<JsonElement>("/api/routing/queues");
        Assert.All(queues.EnumerateArray(), q => Assert.Equal(0, q.GetProperty("callsWaiting").GetInt32()));

        using var eligible = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-ar", callerNumber = "+33600000079", preferredAgentId = "agent36" });
        Assert.Equal(HttpStatusCode.Accepted, eligible.StatusCode);
    }

    [Fact]
    public async Task SupervisorOfOneClient_DoesNotSeeAnotherClientsAgents_InAdherenceOrPublishedSchedules()
    {
        using var admin = await _platform.HttpAs("admin");
        using var lumiere = SupervisorOf("lumiere-bank");
        var day = new { agentId = "agent28", date = Today, dayOff = true };
        (await admin.PutAsJsonAsync("/api/schedules/published", new { days = new[] { day, day with { agentId = "agent01" } } })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await lumiere.GetAsync("/api/adherence/agents/agent28")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lumiere.GetAsync("/api/adherence/agents/agent01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lumiere.GetAsync("/api/adherence/agents/agent36")).StatusCode); // serves lumiere too
        var all = (await lumiere.GetFromJsonAsync<JsonElement>("/api/adherence")).GetProperty("agents").EnumerateArray()
            .Select(a => a.GetProperty("agentId").GetString()).ToList();
        Assert.Contains("agent01", all);
        Assert.Contains("agent36", all);
        Assert.DoesNotContain("agent28", all);
        Assert.DoesNotContain("agent13", all);

        Assert.Equal(HttpStatusCode.NotFound, (await lumiere.GetAsync($"/api/schedules/published?from={Today}&agentId=agent28")).StatusCode);
        var published = (await lumiere.GetFromJsonAsync<JsonElement>($"/api/schedules/published?from={Today}")).GetProperty("days").EnumerateArray()
            .Select(d => d.GetProperty("agentId").GetString()).ToList();
        Assert.Contains("agent01", published);
        Assert.DoesNotContain("agent28", published);
        Assert.DoesNotContain("agent13", published);
    }

    [Fact]
    public async Task SupervisorOfOneClient_CannotOverwriteAnotherClientsAgentsSchedule_AndNothingIsWritten()
    {
        using var admin = await _platform.HttpAs("admin");
        using var lumiere = SupervisorOf("lumiere-bank");
        var before = await admin.GetStringAsync($"/api/schedules/published?from={Today}"); // the demo's schedule
        // Both agents in one request: the refused one must stop the whole request, the other's day included.
        var request = new { days = new[] { new { agentId = "agent01", date = Today, dayOff = true }, new { agentId = "agent28", date = Today, dayOff = true } } };
        using var refused = await lumiere.PutAsJsonAsync("/api/schedules/published", request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await Json(refused)).GetProperty("errors").TryGetProperty("days[1].agentId", out _));

        Assert.Equal(before, await admin.GetStringAsync($"/api/schedules/published?from={Today}"));

        using var own = await lumiere.PutAsJsonAsync("/api/schedules/published", new { days = new[] { new { agentId = "agent01", date = Today, dayOff = true } } });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task SupervisorOfOneClient_GetsNoForecastOrVolumesOfAnotherClientsQueue()
    {
        using var lumiere = SupervisorOf("lumiere-bank");
        Assert.Equal(HttpStatusCode.NotFound, (await lumiere.GetAsync("/api/forecasts/queues/helvet-support-en")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lumiere.GetAsync($"/api/scheduling/queues/helvet-support-en/volumes?from={Today}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, (await lumiere.GetAsync($"/api/scheduling/queues/lumiere-banking-fr/volumes?from={Today}")).StatusCode);
    }

    [Fact]
    public async Task Complete_WithACodeOutsideTheClientsList_Is400NamingDisposition_AndTheCallStaysConnected()
    {
        var (agent, callId) = await ConnectedCallAsync("agent01", "lumiere-banking-fr");
        using (agent)
        {
            var lists = await agent.GetFromJsonAsync<JsonElement>("/api/agents/me/dispositions");
            var lumiere = Assert.Single(lists.EnumerateArray());
            Assert.Equal("lumiere-bank", lumiere.GetProperty("tenantId").GetString());
            var codes = lumiere.GetProperty("dispositions").EnumerateArray().ToList();
            Assert.Contains(codes, d => d.GetProperty("code").GetString() == "card-blocked" &&
                                        d.GetProperty("labels").GetProperty("en").GetString() == "Card blocked");

            foreach (var bad in new[] { "the caller was happy", "information", new string('x', 100_000) })
            {
                using var refused = await agent.PostAsJsonAsync($"/api/agents/me/calls/{callId}/complete", new { disposition = bad });
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.True((await Json(refused)).GetProperty("errors").TryGetProperty("disposition", out _));
            }
            Assert.Equal("OnCall", (await agent.GetFromJsonAsync<JsonElement>("/api/agents/me")).GetProperty("state").GetString());
            Assert.DoesNotContain(_platform.Published, m => m is CallCentre.Contracts.Routing.CallCompleted);

            using var done = await agent.PostAsJsonAsync($"/api/agents/me/calls/{callId}/complete", new { disposition = "card-blocked" });
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }
    }

    [Fact]
    public async Task AgentList_ShowsASupervisorThatASharedAgentIsBusy_ButNotAnotherClientsCall()
    {
        var (agent, _) = await ConnectedCallAsync("agent36", "helvet-support-fr");
        using (agent)
        {
            using var lumiere = SupervisorOf("lumiere-bank");
            var seen = (await lumiere.GetFromJsonAsync<JsonElement>("/api/routing/agents")).EnumerateArray()
                .Single(a => a.GetProperty("agentId").GetString() == "agent36");
            Assert.Equal("OnCall", seen.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, seen.GetProperty("call").ValueKind);

            using var helvet = SupervisorOf("helvet-telecom");
            var own = (await helvet.GetFromJsonAsync<JsonElement>("/api/routing/agents")).EnumerateArray()
                .Single(a => a.GetProperty("agentId").GetString() == "agent36");
            Assert.Equal("helvet-support-fr", own.GetProperty("call").GetProperty("queueId").GetString());
        }
    }

    public void Dispose() => _platform.Dispose();
}
