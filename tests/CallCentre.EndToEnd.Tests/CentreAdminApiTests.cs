using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The admin API: queues and agents created and changed while the centre runs, as the routing, the wallboard,
/// SlaTracking and the embedded sign-in see them.</summary>
public sealed class CentreAdminApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static object PrivateBankingQueue(string tenantId = "lumiere-bank") => new
    {
        tenantId, name = "Banque Lumière — banque privée (FR)", lineOfBusiness = "private-banking", language = "fr",
        requiredSkills = new Dictionary<string, int> { ["private-banking"] = 3, ["fr"] = 3 },
        serviceLevelThresholdSeconds = 30, serviceLevelTarget = 0.9,
    };

    [Fact]
    public async Task NewQueueAndAgent_TheAgentSignsIn_AndIsOfferedTheQueuesCall()
    {
        using var admin = await _platform.HttpAs("admin");
        using var queue = await admin.PutAsJsonAsync("/api/admin/queues/lumiere-private-fr", PrivateBankingQueue());
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        var created = await Json(queue);
        Assert.Equal("lumiere-private-fr", created.GetProperty("queue").GetProperty("id").GetString());
        Assert.True(created.GetProperty("version").GetInt64() > 0);
        using var agent = await admin.PutAsJsonAsync("/api/admin/agents/agent-pb", new
        {
            name = "Hélène Dubois", skills = new Dictionary<string, int> { ["private-banking"] = 4, ["fr"] = 5 }, password = "correct horse 7",
        });
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
        var body = await agent.Content.ReadAsStringAsync();
        Assert.DoesNotContain("correct horse", body);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);

        var platform = _platform.Platform();
        using var wrong = await _platform.Http().PostAsJsonAsync("/api/auth/token", new { username = "agent-pb", password = "demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var token = await platform.LoginAsync("agent-pb", "correct horse 7", default);
        Assert.Equal(HttpStatusCode.OK, await platform.SetStateAsync(token, "Available", null, default));
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var call = await platform.PostCallAsync(pbx, "lumiere-private-fr", "+33600000101", default);
        Assert.Equal("lumiere-bank", call.TenantId);

        var me = await platform.GetAgentAsync(token, default);
        Assert.Equal(("Reserved", call.CallId, "lumiere-private-fr"), (me.State, me.Call!.CallId, me.Call.QueueId));
    }

    [Fact]
    public async Task NewQueue_HasItsWallboardTile_AndItsServiceLevelInSlaTracking()
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/queues/lumiere-private-fr", PrivateBankingQueue())).StatusCode);

        IReadOnlyList<QueueMetrics>? tiles = null;
        await using var hub = await _platform.WallboardAs("supervisor", m => tiles ??= m);
        var tile = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(tiles?.FirstOrDefault(t => t.QueueId == "lumiere-private-fr")),
            "the new queue's tile");
        Assert.Equal(("lumiere-bank", "private-banking", 30, 0.9), (tile.TenantId, tile.LineOfBusiness, tile.ThresholdSeconds, tile.TargetServiceLevel));

        // A call answered and completed there is counted in the queue's service level for today.
        using var agentHttp = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["private-banking"] = 3 },
        })).StatusCode);
        var platform = _platform.Platform();
        var token = await platform.LoginAsync("agent01", "demo", default);
        await platform.SetStateAsync(token, "Available", null, default);
        var call = await platform.PostCallAsync(await platform.LoginAsync("pbx", "demo", default), "lumiere-private-fr", "+33600000102", default);
        Assert.Equal(HttpStatusCode.OK, await platform.AnswerAsync(token, call.CallId, default));
        Assert.Equal(HttpStatusCode.OK, await platform.CompleteAsync(token, call.CallId, null, default));

        using var supervisor = await _platform.HttpAs("supervisor");
        var figures = await TestInfrastructure.EventuallyAsync(async () =>
            (await supervisor.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .FirstOrDefault(q => q.QueueId == "lumiere-private-fr" && q.Answered == 1), "the new queue's answered call in SlaTracking");
        Assert.Equal((1, 30, 0.9), (figures.Offered, figures.ThresholdSeconds, figures.TargetServiceLevel));
    }

    [Fact]
    public async Task AgentSkillsChanged_WhileIdle_TakeEffectAtOnce()
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/queues/lumiere-private-fr", PrivateBankingQueue())).StatusCode);
        var platform = _platform.Platform();
        var token = await platform.LoginAsync("agent01", "demo", default);
        await platform.SetStateAsync(token, "Available", null, default);
        var call = await platform.PostCallAsync(await platform.LoginAsync("pbx", "demo", default), "lumiere-private-fr", "+33600000103", default);
        Assert.Equal("Available", (await platform.GetAgentAsync(token, default)).State); // agent01 lacks private-banking

        using var changed = await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["private-banking"] = 3 },
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(3, (await Json(changed)).GetProperty("routingSkills").GetProperty("private-banking").GetInt32());

        var me = await platform.GetAgentAsync(token, default);
        Assert.Equal(("Reserved", call.CallId), (me.State, me.Call!.CallId));
        var read = await Json(await admin.GetAsync("/api/admin/agents/agent01"));
        Assert.Equal(3, read.GetProperty("agent").GetProperty("skills").GetProperty("private-banking").GetInt32());
        Assert.True(read.GetProperty("version").GetInt64() > 0);
        // The file's agent keeps its demo password: no new one was given.
        Assert.NotEmpty(await platform.LoginAsync("agent01", "demo", default));
    }

    [Fact]
    public async Task ChangedQueue_ItsNewRulesApply_AndItsDefinitionReadsBack()
    {
        using var admin = await _platform.HttpAs("admin");
        var before = await Json(await admin.GetAsync("/api/admin/queues/mosane-claims-nl"));
        Assert.Equal(0, before.GetProperty("version").GetInt64());
        var definition = before.GetProperty("queue");
        var changed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(definition.GetRawText())!;
        changed["strategy"] = JsonSerializer.SerializeToElement("MostSkilled");
        changed["maxWaiting"] = JsonSerializer.SerializeToElement(1);
        using var put = await admin.PutAsJsonAsync("/api/admin/queues/mosane-claims-nl", changed);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var after = await Json(await admin.GetAsync("/api/admin/queues/mosane-claims-nl"));
        Assert.Equal(("MostSkilled", 1), (after.GetProperty("queue").GetProperty("strategy").GetString(), after.GetProperty("queue").GetProperty("maxWaiting").GetInt32()));
        // One call may wait now; the second overflows to mosane-claims-fr, as the queue's overflow rule says.
        using var pbx = await _platform.HttpAs("pbx");
        using var first = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "mosane-claims-nl", callerNumber = "+32470000001" });
        using var second = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "mosane-claims-nl", callerNumber = "+32470000002" });
        var moved = await Json(await pbx.GetAsync($"/api/telephony/calls/{(await Json(second)).GetProperty("callId").GetString()}"));
        Assert.Equal("mosane-claims-fr", moved.GetProperty("queueId").GetString());
    }

    [Theory]
    [InlineData("queues/lumiere-x", "tenantId", """{"tenantId":"nobody","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3}}""")]
    [InlineData("queues/lumiere-x", "requiredSkills.fr", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":7}}""")]
    [InlineData("queues/lumiere-x", "overflowQueue", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3},"overflowQueue":"nowhere"}""")]
    [InlineData("queues/lumiere-x", "overflowQueue", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3},"overflowQueue":"helvet-support-fr"}""")]
    [InlineData("queues/lumiere-x", "escalations[0].moveToQueue", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3},"escalations":[{"afterSeconds":30,"moveToQueue":"nowhere"}]}""")]
    [InlineData("queues/lumiere-x", "strategy", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3},"strategy":"Random"}""")]
    [InlineData("queues/lumiere-x", "name", """{"tenantId":"lumiere-bank","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3}}""")]
    [InlineData("queues/lumiere-banking-fr", "tenantId", """{"tenantId":"helvet-telecom","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3}}""")]
    [InlineData("queues/Bad%20Id", "id", """{"tenantId":"lumiere-bank","name":"X","lineOfBusiness":"x","language":"fr","requiredSkills":{"fr":3}}""")]
    [InlineData("agents/agent-x", "skills.fr", """{"name":"X","skills":{"fr":0}}""")]
    [InlineData("agents/agent-x", "skills", """{"name":"X","skills":{}}""")]
    [InlineData("agents/agent-x", "password", """{"name":"X","skills":{"fr":3},"password":"short"}""")]
    [InlineData("agents/supervisor", "id", """{"name":"X","skills":{"fr":3},"password":"long enough"}""")]
    [InlineData("agents/client-lumiere-bank", "id", """{"name":"X","skills":{"fr":3}}""")]
    public async Task BadDefinition_Is400_NamingTheField_AndChangesNothing(string path, string field, string json)
    {
        using var admin = await _platform.HttpAs("admin");
        using var response = await admin.PutAsync("/api/admin/" + path, new StringContent(json, new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/" + path.Replace("lumiere-banking-fr", "none"))).StatusCode);
    }

    [Fact]
    public async Task UnreadableBody_Is400()
    {
        using var admin = await _platform.HttpAs("admin");
        using var response = await admin.PutAsync("/api/admin/queues/lumiere-x",
            new StringContent("""{"tenantId":"lumiere-bank","requiredSkills":{"fr":"high"}}""", new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminChanges_ASupervisorReads_OthersAreRefused()
    {
        var queue = JsonContent.Create(PrivateBankingQueue());
        using var anonymous = _platform.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync("/api/admin/queues/lumiere-private-fr", queue)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/queues")).StatusCode);
        foreach (var user in new[] { "agent01", "client-lumiere-bank", "pbx" })
        {
            using var http = await _platform.HttpAs(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PutAsync("/api/admin/queues/lumiere-private-fr", queue)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PutAsJsonAsync("/api/admin/agents/agent01", new { name = "X", skills = new { fr = 5 } })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/admin/agents")).StatusCode);
        }
        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsync("/api/admin/queues/lumiere-private-fr", queue)).StatusCode);
        var queues = await Json(await supervisor.GetAsync("/api/admin/queues"));
        Assert.Contains(queues.EnumerateArray(), q => q.GetProperty("queue").GetProperty("id").GetString() == "lumiere-banking-fr");
        Assert.DoesNotContain(queues.EnumerateArray(), q => q.GetProperty("queue").GetProperty("id").GetString() == "lumiere-private-fr");
        var agents = await Json(await supervisor.GetAsync("/api/admin/agents"));
        Assert.Contains(agents.EnumerateArray(), a => a.GetProperty("agent").GetProperty("id").GetString() == "agent01");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheAdminRoutes()
    {
        using var http = await _platform.HttpAs("admin");
        var paths = (await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/admin/queues", "/api/admin/queues/{queueId}", "/api/admin/agents", "/api/admin/agents/{agentId}" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        Assert.True(paths.GetProperty("/api/admin/queues/{queueId}").TryGetProperty("put", out _));
    }

    public void Dispose() => _platform.Dispose();
}

/// <summary>The embedded platform stopped and started again on the same SQLite files: the admin changes are still there.</summary>
public sealed class CentreAdminRestartTests
{
    [Fact]
    public async Task AdminChanges_SurviveARestartOnTheSameDatabase()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcentre-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            long version;
            using (var first = new EmbeddedPlatform(dataFolder: folder))
            {
                using var admin = await first.HttpAs("admin");
                using var put = await admin.PutAsJsonAsync("/api/admin/queues/lumiere-private-fr", new
                {
                    tenantId = "lumiere-bank", name = "Banque privée (FR)", lineOfBusiness = "private-banking", language = "fr",
                    requiredSkills = new Dictionary<string, int> { ["private-banking"] = 3 },
                });
                version = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
                Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
                {
                    name = "Karim Chraibi", skills = new Dictionary<string, int> { ["private-banking"] = 4 }, password = "new password 1",
                })).StatusCode);
            }

            using var second = new EmbeddedPlatform(dataFolder: folder);
            // Ready once Routing has applied the stored changes over the centre file.
            await TestInfrastructure.EventuallyAsync(async () =>
                (await second.Http().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK ? "ready" : null, "readiness");
            using var again = await second.HttpAs("admin");
            var queue = await again.GetFromJsonAsync<JsonElement>("/api/admin/queues/lumiere-private-fr");
            Assert.Equal(version, queue.GetProperty("version").GetInt64());
            var platform = second.Platform();
            var token = await platform.LoginAsync("agent01", "new password 1", default); // the stored hash, not the demo password
            using var demo = await second.Http().PostAsJsonAsync("/api/auth/token", new { username = "agent01", password = "demo" });
            Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
            await platform.SetStateAsync(token, "Available", null, default);
            var call = await platform.PostCallAsync(await platform.LoginAsync("pbx", "demo", default), "lumiere-private-fr", "+33600000301", default);
            Assert.Equal(call.CallId, (await platform.GetAgentAsync(token, default)).Call?.CallId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
