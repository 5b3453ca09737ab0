using System.Net;
using System.Net.Http.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;
using CallCentre.Simulator.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Admin changes in the distributed platform: every process gets them (each on an endpoint of its own), a process
/// started after them asks for them, and Routing applies them again over the centre file after a restart.</summary>
[Collection(DistributedCollection.Name)]
public sealed class CentreAdminDistributedTests
{
    [Fact]
    public async Task AdminChanges_ReachEveryProcess_OneStartedLater_AndSurviveARoutingRestart()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking", "dashboard");
        await platform.StartAsync();
        try
        {
            await platform.KillAsync("slatracking"); // it starts again after the changes

            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            using var admin = new HttpClient { BaseAddress = platform["routing"] };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", await routing.LoginAsync("admin", DistributedPlatform.DemoPassword, default));
            using var queue = await admin.PutAsJsonAsync("/api/admin/queues/lumiere-private-fr", new
            {
                tenantId = "lumiere-bank", name = "Banque privée (FR)", lineOfBusiness = "private-banking", language = "fr",
                requiredSkills = new Dictionary<string, int> { ["private-banking"] = 3, ["fr"] = 3 }, serviceLevelThresholdSeconds = 30,
            });
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            using var agent = await admin.PutAsJsonAsync("/api/admin/agents/agent-pb", new
            {
                name = "Hélène Dubois", skills = new Dictionary<string, int> { ["private-banking"] = 4, ["fr"] = 5 }, password = "correct horse 7",
            });
            Assert.Equal(HttpStatusCode.OK, agent.StatusCode);

            // The dashboard process, running all along, got both changes: its sign-in knows the new agent, its wallboard has the tile.
            var dashboard = new PlatformClient(new HttpClient { BaseAddress = platform["dashboard"] });
            await TestInfrastructure.EventuallyAsync(async () =>
            {
                try { return await dashboard.LoginAsync("agent-pb", "correct horse 7", default); }
                catch (HttpRequestException) { return null; }
            }, "the dashboard process's sign-in of the new agent");
            var supervisorToken = await dashboard.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
            var tile = await TestInfrastructure.EventuallyAsync(async () =>
            {
                var first = new TaskCompletionSource<IReadOnlyList<QueueMetrics>>();
                await using var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(platform["dashboard"], "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(supervisorToken))
                    .Build();
                hub.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", m => first.TrySetResult(m));
                await hub.StartAsync();
                var tiles = await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return tiles.FirstOrDefault(t => t.QueueId == "lumiere-private-fr");
            }, "the new queue's tile on the dashboard process");
            Assert.Equal(("lumiere-bank", 30), (tile.TenantId, tile.ThresholdSeconds));

            // SlaTracking starts after the changes and asks for them.
            await platform.RestartAsync("slatracking");
            using var sla = new HttpClient { BaseAddress = platform["slatracking"] };
            sla.DefaultRequestHeaders.Authorization = new("Bearer", supervisorToken);
            var figures = await TestInfrastructure.EventuallyAsync(async () =>
                (await sla.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                    .FirstOrDefault(q => q.QueueId == "lumiere-private-fr"), "the new queue in the late SlaTracking process");
            Assert.Equal(30, figures.ThresholdSeconds);

            // Routing killed and started again: the stored changes apply over the centre file.
            await platform.KillAsync("routing");
            await platform.RestartAsync("routing");
            var read = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/queues/lumiere-private-fr");
            Assert.Equal("private-banking", read.GetProperty("queue").GetProperty("lineOfBusiness").GetString());
            var token = await routing.LoginAsync("agent-pb", "correct horse 7", default);
            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(token, "Available", null, default));
            var call = await routing.PostCallAsync(await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default), "lumiere-private-fr", "+33600000201", default);
            var me = await routing.GetAgentAsync(token, default);
            Assert.Equal(("Reserved", call.CallId), (me.State, me.Call!.CallId));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
