using System.Net.Http.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Simulator.Live;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The simulator's PBX and agents against a real Routing process that is killed and started again: calls refused
/// meanwhile are placed on retry, the agents carry on after the outage, and a post repeated with its call id answers the
/// call already placed (why the PBX may repeat a post whose answer was lost).</summary>
[Collection(DistributedCollection.Name)]
public sealed class PbxRetryDistributedTests
{
    private const string Queue = "lumiere-banking-fr";

    [Fact]
    public async Task CallPostedWhileRoutingIsDown_IsPlacedOnceItIsBack_AndARepeatedCallIdAnswersTheSameCall()
    {
        await using var platform = new DistributedPlatform("routing");
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var placer = new CallPlacer(routing, CallRetryPolicy.Default with { GiveUpAfter = TimeSpan.FromSeconds(120) }, 1, TimeProvider.System);

            await platform.KillAsync("routing");
            var placing = placer.PlaceAsync(pbx, Queue, "+33612345678", Guid.NewGuid(), default);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(placing.IsCompleted, "the post gave up while Routing was down");
            await platform.RestartAsync("routing");
            var placement = await placing;

            Assert.Equal(PlacementOutcome.Placed, placement.Outcome);
            Assert.True(placement.Attempts > 1, $"{placement.Attempts} attempt(s)");
            Assert.Equal(1, await WaitingAsync(routing));

            // Routing keeps the PBX's id: a repeat, also after the restart, answers the call already placed.
            Assert.True(placer.PlatformKeepsCallIds);
            var callId = Guid.NewGuid();
            var first = await routing.TryPostCallAsync(pbx, Queue, "+33612345679", callId, default);
            await platform.KillAsync("routing");
            await platform.RestartAsync("routing");
            var again = await routing.TryPostCallAsync(pbx, Queue, "+33612345679", callId, default);
            Assert.NotNull(first.Call);
            Assert.NotNull(again.Call);
            Assert.Equal(callId.ToString(), first.Call.PbxCallId);
            Assert.Equal(first.Call, again.Call);
            Assert.Equal(2, await WaitingAsync(routing));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }

    [Fact]
    public async Task LiveRun_RidesThroughARoutingOutage_EveryCallAccountedFor()
    {
        const string scenarioJson = """
            {
              "seed": 11,
              "durationSeconds": 30,
              "queues": [
                { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": { "banking": 2, "fr": 3 },
                  "arrivalsPerHour": 3600, "handleTime": { "distribution": "constant", "meanSeconds": 1 }, "patience": null,
                  "serviceLevelThresholdSeconds": 20 }
              ],
              "agents": [ { "count": 6, "skills": { "banking": 4, "fr": 5 }, "ringSeconds": 1 } ]
            }
            """;
        await using var platform = new DistributedPlatform("routing");
        await platform.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = platform["routing"] };
            var live = new LiveTraffic(ScenarioFile.Parse(scenarioJson), new PlatformClient(http),
                new LiveOptions(Speed: 1, Password: DistributedPlatform.DemoPassword, Retry: CallRetryPolicy.Default with { GiveUpAfter = TimeSpan.FromSeconds(120) }),
                TextWriter.Null, TimeProvider.System);
            var run = live.RunAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(8));
            await platform.KillAsync("routing");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await platform.RestartAsync("routing");
            var result = await run.WaitAsync(TimeSpan.FromMinutes(4));

            var q = Assert.Single(result.Queues);
            Assert.True(result.AgentErrors > 0, "the agents saw no error: was Routing down?");
            Assert.True(q.PlacedAfterRetry > 0, $"no call was placed on retry: {q}");
            Assert.Equal(0, q.Refused);
            Assert.Equal(q.Offered, q.Answered + q.Abandoned + q.Refused + q.Unconfirmed);
            Assert.True(q.Answered >= q.Offered - q.Unconfirmed, $"answered {q.Answered} of {q.Offered}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }

    private static async Task<int> WaitingAsync(PlatformClient routing)
    {
        using var http = new HttpClient { BaseAddress = routing.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default));
        var queues = await http.GetFromJsonAsync<List<QueueSnapshot>>("/api/routing/queues");
        return queues!.Single(q => q.QueueId == Queue).CallsWaiting;
    }
}
