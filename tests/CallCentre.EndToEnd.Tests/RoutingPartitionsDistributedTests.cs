using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCentre.Simulator.Live;
using Dapper;
using Npgsql;
using Xunit.Abstractions;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Two routing partitions on one PostgreSQL and RabbitMQ, each with its own active process: each routes its own
/// tenants' calls, a request reaching the other partition's process is forwarded, supervision lists gather both, and
/// killing one partition's process leaves the other routing without a refusal.</summary>
[Collection(DistributedCollection.Name)]
public sealed class RoutingPartitionsDistributedTests(ITestOutputHelper output)
{
    private const string Helvet = "helvet-telecom";
    private const string BankQueue = "lumiere-banking-fr";
    private const string TelecomQueue = "helvet-support-fr";

    [Fact]
    public async Task EachPartitionRoutesItsOwnTenants_ForwardsTheOthers_AndKeepsRoutingWhenTheOtherDies()
    {
        var (centre, centreQueues) = PartitionableCentre();
        await using var platform = new DistributedPlatform("routing", "routing#2");
        foreach (var (process, partition) in new[] { ("routing", "default"), ("routing#2", "helvet") })
            platform.Settings[process] = new()
            {
                ["Centre__File"] = centre, ["Routing__Partition"] = partition, ["Routing__Partitions__helvet"] = Helvet,
            };
        try
        {
            await platform.StartAsync();
            var bank = platform["routing"];
            var telecom = platform["routing#2"];
            Assert.StartsWith("active: partition default", await RoutingFailoverDistributedTests.RoleAsync(bank));
            Assert.StartsWith("active: partition helvet", await RoutingFailoverDistributedTests.RoleAsync(telecom));

            // Everything through the bank partition's process: the telecom agent and call are forwarded to their own partition.
            var viaBank = new PlatformClient(new HttpClient { BaseAddress = bank });
            var pbx = await viaBank.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var telecomAgent = await viaBank.LoginAsync("agent22", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await viaBank.SetStateAsync(telecomAgent, "Available", null, default));
            var telecomCall = await viaBank.PostCallAsync(pbx, TelecomQueue, "+41790001111", default);
            Assert.Equal(HttpStatusCode.OK, await viaBank.AnswerAsync(telecomAgent, telecomCall.CallId, default));

            // And the other way round: the bank agent and call through the telecom partition's process.
            var viaTelecom = new PlatformClient(new HttpClient { BaseAddress = telecom });
            var pbxAtTelecom = await viaTelecom.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var bankAgent = await viaTelecom.LoginAsync("agent01", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await viaTelecom.SetStateAsync(bankAgent, "Available", null, default));
            var bankCall = await viaTelecom.PostCallAsync(pbxAtTelecom, BankQueue, "+33610001111", default);
            Assert.Equal(HttpStatusCode.OK, await viaTelecom.AnswerAsync(bankAgent, bankCall.CallId, default));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bank, HttpMethod.Get, $"/api/telephony/calls/{telecomCall.CallId}", pbx, viaBank));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(telecom, HttpMethod.Get, "/api/telephony/callbacks/dials", pbxAtTelecom, viaTelecom));

            // Each process's own engine holds only its partition's queues and agents: asked directly (as a forward), neither has the other's.
            var admin = await viaBank.LoginAsync("admin", DistributedPlatform.DemoPassword, default);
            var adminToken = await viaBank.AccessTokenAsync(admin, default);
            var bankOwn = await ListAsync(bank, "/api/routing/agents", adminToken, forwarded: true);
            var telecomOwn = await ListAsync(telecom, "/api/routing/agents", adminToken, forwarded: true);
            Assert.Contains(bankOwn, a => a["agentId"]!.GetValue<string>() == "agent01" && a["state"]!.GetValue<string>() == "OnCall");
            Assert.Contains(telecomOwn, a => a["agentId"]!.GetValue<string>() == "agent22" && a["state"]!.GetValue<string>() == "OnCall");
            Assert.DoesNotContain(bankOwn, a => a["agentId"]!.GetValue<string>() is "agent22");
            Assert.DoesNotContain(telecomOwn, a => a["agentId"]!.GetValue<string>() is "agent01");
            var telecomQueues = (await ListAsync(telecom, "/api/routing/queues", adminToken, forwarded: true)).Select(q => q["queueId"]!.GetValue<string>()).ToList();
            Assert.All(telecomQueues, q => Assert.StartsWith("helvet-", q));
            // Gathered: the supervision list of either process is the whole centre's, once each.
            var gathered = (await ListAsync(bank, "/api/routing/queues", adminToken, forwarded: false)).Select(q => q["queueId"]!.GetValue<string>()).ToList();
            Assert.Equal(centreQueues.Order(), gathered.Order());
            Assert.Equal(gathered.Order(), (await ListAsync(telecom, "/api/routing/queues", adminToken, forwarded: false))
                .Select(q => q["queueId"]!.GetValue<string>()).Order());

            // The admin API keeps every agent in one partition, naming the agent and the partitions.
            var spanning = await PutAgentAsync(telecom, adminToken, "agent90", new() { ["banking"] = 4, ["telecom"] = 4, ["fr"] = 5 });
            Assert.Equal(HttpStatusCode.BadRequest, spanning.Status);
            Assert.Contains("Agent 'agent90' would serve routing partitions 'default' and 'helvet'", spanning.Body);
            var moving = await PutAgentAsync(bank, adminToken, "agent22", new() { ["banking"] = 4, ["fr"] = 5 });
            Assert.Equal(HttpStatusCode.BadRequest, moving.Status);
            Assert.Contains("Agent 'agent22' belongs to routing partition 'helvet'; these skills would move it to partition 'default'", moving.Body);

            // One lease row per partition, and every live call stored with its own tenant.
            await using (var db = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database={platform.DatabaseName("routing")}"))
            {
                Assert.Equal(["default", "helvet"], (await db.QueryAsync<string>("SELECT partition_id FROM routing_lease ORDER BY partition_id")).ToList());
                var calls = (await db.QueryAsync<(string CallId, string TenantId)>("SELECT call_id, tenant_id FROM routing_call")).ToDictionary(c => c.CallId, c => c.TenantId);
                Assert.Equal(("lumiere-bank", Helvet), (calls[bankCall.CallId.ToString()], calls[telecomCall.CallId.ToString()]));
            }

            // The bank partition's only process dies: the telecom partition routes on without a single refusal.
            await platform.KillAsync("routing");
            var clock = Stopwatch.StartNew();
            var second = await viaTelecom.LoginAsync("agent23", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await viaTelecom.SetStateAsync(second, "Available", null, default));
            var attempt = await viaTelecom.TryPostCallAsync(pbxAtTelecom, TelecomQueue, "+41790002222", Guid.NewGuid(), default);
            Assert.Equal(HttpStatusCode.Accepted, attempt.Status);
            Assert.Equal(HttpStatusCode.OK, await viaTelecom.AnswerAsync(second, attempt.Call!.CallId, default));
            output.WriteLine($"Partition helvet after the default partition's process was killed: agent available, call posted and answered in " +
                $"{clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(("OnCall", telecomCall.CallId), await StateAsync(viaTelecom, telecomAgent));

            // The dead partition's tenants are answered 503 with Retry-After (nothing recorded), never a 500; so is a list that needs it.
            var refused = await viaTelecom.TryPostCallAsync(pbxAtTelecom, BankQueue, "+33610002222", Guid.NewGuid(), default);
            Assert.Equal((HttpStatusCode?)HttpStatusCode.ServiceUnavailable, refused.Status);
            Assert.NotNull(refused.RetryAfter);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(telecom, HttpMethod.Get, "/api/routing/queues", admin, viaTelecom));
            // The PBX's dial list is gathered too: the partition without a process has its part, so it waits for it.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(telecom, HttpMethod.Get, "/api/telephony/callbacks/dials", pbxAtTelecom, viaTelecom));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
        finally
        {
            File.Delete(centre);
        }
    }

    /// <summary>The demo centre without its agents who serve every client (they would span both partitions, refused at start).</summary>
    internal static (string Path, List<string> Queues) PartitionableCentre()
    {
        var demo = JsonNode.Parse(File.ReadAllText(Path.Combine(TestInfrastructure.RepoRoot, "services", "Host", "centre.demo.json")))!.AsObject();
        var agents = demo["agents"]!.AsArray();
        foreach (var agent in agents.Where(a => a!["skills"]!.AsObject().Count(s => s.Key is "banking" or "insurance" or "telecom") > 1).ToList())
            agents.Remove(agent);
        var path = Path.Combine(Path.GetTempPath(), $"centre-partitions-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, demo.ToJsonString());
        return (path, demo["queues"]!.AsArray().Select(q => q!["id"]!.GetValue<string>()).ToList());
    }

    private static async Task<(string, Guid?)> StateAsync(PlatformClient client, string agent)
    {
        var me = await client.GetAgentAsync(agent, default);
        return (me.State, me.Call?.CallId);
    }

    private static async Task<List<JsonNode>> ListAsync(Uri process, string path, string accessToken, bool forwarded)
    {
        using var http = new HttpClient { BaseAddress = process };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (forwarded)
            request.Headers.Add("X-CallCentre-Routing-Forwarded", "test");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(n => n!).ToList();
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAgentAsync(Uri process, string accessToken, string agentId,
        Dictionary<string, int> skills)
    {
        using var http = new HttpClient { BaseAddress = process };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/agents/{agentId}") { Content = JsonContent.Create(new { name = agentId, skills }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> StatusAsync(Uri process, HttpMethod method, string path, string session, PlatformClient client)
    {
        using var http = new HttpClient { BaseAddress = process };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(session, default));
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            Assert.NotNull(response.Headers.RetryAfter);
        return response.StatusCode;
    }
}
