using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using CallCentre.Dashboard.Live;
using CallCentre.Simulator.Live;
using Microsoft.AspNetCore.SignalR.Client;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Two Dashboard processes on the real RabbitMQ: each consumes every event on queues of its own, a replica that
/// goes leaves no queue behind and the other carries on, and a replica that starts reads the current boards.</summary>
[Collection(DistributedCollection.Name)]
public sealed partial class DashboardReplicaTests
{
    private const string Queue = "lumiere-banking-fr";

    [Fact]
    public async Task TwoReplicas_EachSeeEveryEvent_OneGoingLeavesNoQueue_AndAStartingOneReadsTheBoards()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking", "dashboard", "dashboard#2");
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var supervisor = await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
            await using var first = await Wallboard.ConnectAsync(platform["dashboard"], supervisor);
            await using var second = await Wallboard.ConnectAsync(platform["dashboard#2"], supervisor);

            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var agent = await routing.LoginAsync("agent01", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "Available", null, default));
            await AnswerOneCallAsync(routing, pbx, agent);

            // Each replica got the SLA figures and Routing's snapshots: the same board on both.
            var onFirst = await first.TileAsync(t => t.Answered == 1 && t.AgentsAvailable == 1 && t.AgentsAfterCallWork == 0);
            var onSecond = await second.TileAsync(t => t.Answered == 1 && t.AgentsAvailable == 1 && t.AgentsAfterCallWork == 0);
            Assert.Equal((onFirst.Offered, onFirst.Answered, onFirst.AnsweredWithinThreshold, onFirst.ServiceLevel, onFirst.CallsWaiting),
                (onSecond.Offered, onSecond.Answered, onSecond.AnsweredWithinThreshold, onSecond.ServiceLevel, onSecond.CallsWaiting));
            Assert.Equal(1, onSecond.Offered);

            var firstQueues = QueuesOf(platform, "dashboard");
            var secondQueues = QueuesOf(platform, "dashboard#2");
            Assert.True(secondQueues.Count >= 5, $"the second replica's queues: {string.Join(", ", secondQueues)}");
            Assert.Empty(firstQueues.Intersect(secondQueues));
            Assert.All(firstQueues.Concat(secondQueues), q => Assert.True(QueueExists(q), $"queue {q} exists"));

            // The second replica dies: its queues go with it, the first carries on.
            await platform.KillAsync("dashboard#2");
            await TestInfrastructure.EventuallyAsync(() => Task.FromResult(secondQueues.Any(QueueExists) ? null : "gone"),
                "the killed replica's queues to be deleted", TimeSpan.FromSeconds(15));
            Assert.All(firstQueues, q => Assert.True(QueueExists(q), $"queue {q} of the surviving replica exists"));
            await AnswerOneCallAsync(routing, pbx, agent);
            await first.TileAsync(t => t.Answered == 2 && t.AgentsAvailable == 1 && t.AgentsAfterCallWork == 0);

            // Nothing happens from here on: a replica started now learns the board from Routing and SlaTracking, not from events.
            await platform.RestartAsync("dashboard#2");
            await using var restarted = await Wallboard.ConnectAsync(platform["dashboard#2"], supervisor);
            var warm = await restarted.TileAsync(t => t.Answered == 2 && t.AgentsAvailable == 1);
            Assert.Equal(2, warm.Offered);
            Assert.Equal(0, warm.CallsWaiting);
            Assert.Contains(platform.Output, l => l.StartsWith("[dashboard#2]") && l.Contains("Dashboard boards: read") && l.Contains("/api/sla/today"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }

    private static async Task AnswerOneCallAsync(PlatformClient routing, string pbx, string agent)
    {
        var call = await routing.PostCallAsync(pbx, Queue, "+33612345678", default);
        await TestInfrastructure.EventuallyAsync(async () =>
            await routing.GetAgentAsync(agent, default) is { State: "Reserved", Call: { } c } && c.CallId == call.CallId ? c : null, "the offer");
        Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(agent, call.CallId, default));
        Assert.Equal(HttpStatusCode.OK, await routing.CompleteAsync(agent, call.CallId, "resolved", default));
    }

    /// <summary>The queues a replica logged as its own (the latest process under that name).</summary>
    private static List<string> QueuesOf(DistributedPlatform platform, string name) =>
        platform.Output.Where(l => l.StartsWith($"[{name}]"))
            .Select(l => ReplicaQueue().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Dashboard replica \w+ consumes on queue (\S+)")]
    private static partial Regex ReplicaQueue();

    private static bool QueueExists(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(TestInfrastructure.RabbitMq) };
        using var connection = factory.CreateConnectionAsync().GetAwaiter().GetResult();
        using var channel = connection.CreateChannelAsync().GetAwaiter().GetResult();
        try
        {
            channel.QueueDeclarePassiveAsync(queue).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 405)
        {
            return true; // exclusive to the replica's connection (a temporary endpoint): it exists
        }
    }

    /// <summary>A supervisor's wallboard connection to one replica, WebSockets only, as the pages connect.</summary>
    private sealed class Wallboard(HubConnection hub, ConcurrentQueue<QueueMetrics> tiles) : IAsyncDisposable
    {
        public static async Task<Wallboard> ConnectAsync(Uri dashboard, string token)
        {
            var tiles = new ConcurrentQueue<QueueMetrics>();
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(dashboard, "/hubs/wallboard"), Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets, o =>
                {
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            hub.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", batch => { foreach (var t in batch) tiles.Enqueue(t); });
            await hub.StartAsync();
            return new Wallboard(hub, tiles);
        }

        public Task<QueueMetrics> TileAsync(Func<QueueMetrics, bool> shows) => TestInfrastructure.EventuallyAsync(
            () => Task.FromResult(tiles.LastOrDefault(t => t.QueueId == Queue) is { } tile && shows(tile) ? tile : null),
            $"the {Queue} tile on the wallboard", TimeSpan.FromSeconds(30));

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
