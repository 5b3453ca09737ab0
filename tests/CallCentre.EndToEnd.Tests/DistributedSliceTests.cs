using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using CallCentre.Dashboard.Live;
using CallCentre.Simulator.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The thin slice across four processes on the real RabbitMQ and PostgreSQL, driven only over HTTP and SignalR.</summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedSliceTests
{
    private const string CallerNumber = "+33698765432";

    [Fact]
    public async Task CallThroughFourProcesses_ReachesTheSupervisorsWallboard_AndNoNumberIsStored()
    {
        await using var platform = new DistributedPlatform();
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var dashboard = new PlatformClient(new HttpClient { BaseAddress = platform["dashboard"] });

            // Tokens from one process are honoured by the others (one shared key).
            var supervisorToken = await dashboard.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
            var tiles = new ConcurrentQueue<QueueMetrics>();
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(platform["dashboard"], "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(supervisorToken))
                .Build();
            hub.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", batch => { foreach (var t in batch) tiles.Enqueue(t); });
            await hub.StartAsync();

            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var agent = await routing.LoginAsync("agent01", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "Available", null, default));
            var call = await routing.PostCallAsync(pbx, "lumiere-banking-fr", CallerNumber, default);

            var offer = await TestInfrastructure.EventuallyAsync(async () =>
                await routing.GetAgentAsync(agent, default) is { State: "Reserved", Call: { } c } ? c : null, "the offer to agent01");
            Assert.Equal(call.CallId, offer.CallId);
            Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(agent, call.CallId, default));
            Assert.Equal(HttpStatusCode.OK, await routing.CompleteAsync(agent, call.CallId, "resolved", default));

            // Routing → RabbitMQ → SlaTracking (PostgreSQL) → RabbitMQ → Dashboard → SignalR.
            var tile = await TestInfrastructure.EventuallyAsync(
                () => Task.FromResult(tiles.LastOrDefault(t => t.QueueId == "lumiere-banking-fr" && t.Answered == 1)),
                "the answered call on the supervisor's wallboard", TimeSpan.FromSeconds(30));
            Assert.Equal(1, tile.Offered);
            Assert.Equal(1, tile.AnsweredWithinThreshold);
            Assert.Equal(1.0, tile.ServiceLevel);
            // Routing's snapshot reaches the wallboard too: agent01 is free again after the call.
            await TestInfrastructure.EventuallyAsync(
                () => Task.FromResult(tiles.LastOrDefault(t => t.QueueId == "lumiere-banking-fr" && t.AgentsAvailable == 1 && t.AgentsOnCall == 0)),
                "Routing's snapshot on the wallboard", TimeSpan.FromSeconds(30));

            // Scheduling (its own process and database) recorded the call as well.
            using var scheduling = new HttpClient { BaseAddress = platform["scheduling"] };
            scheduling.DefaultRequestHeaders.Authorization = new("Bearer", supervisorToken);
            await TestInfrastructure.EventuallyAsync(async () =>
            {
                var points = await scheduling.GetFromJsonAsync<List<EmbeddedSliceTests.VolumePointDto>>("/api/scheduling/queues/lumiere-banking-fr/volumes");
                return points!.Sum(p => p.Calls) == 1 && points![0].AverageHandleSeconds is not null ? points : null;
            }, "Scheduling's record of the call", TimeSpan.FromSeconds(30));

            // An API of one module is not served by another process.
            using var anonymous = new HttpClient { BaseAddress = platform["slatracking"] };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/sla/today")).StatusCode);
            // SlaTracking only verifies tokens (public key only): it signs none.
            using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = DistributedPlatform.DemoPassword });
            Assert.NotEqual(HttpStatusCode.OK, signIn.StatusCode);

            var rows = await platform.AllRowsAsync();
            Assert.Contains(rows, r => r.Contains(call.CallId.ToString()));
            var digits = CallerNumber.TrimStart('+');
            Assert.DoesNotContain(rows, r => r.Contains(digits));
            Assert.DoesNotContain(platform.Output, l => l.Contains(digits));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
