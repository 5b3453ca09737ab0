using System.Net;
using System.Net.Http.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Simulator.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Routing killed outright with calls waiting, ringing and connected, then started again: no call is lost, none is
/// answered twice, connected calls stay with their agents, and SlaTracking's figures equal what happened.</summary>
[Collection(DistributedCollection.Name)]
public sealed class RoutingRestartTests
{
    [Fact]
    public async Task RoutingKilledMidTraffic_LosesNoCall_AndAnswersNoneTwice()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking");
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            string[] agentIds = ["agent01", "agent02", "agent03", "agent04"];
            var agents = new Dictionary<string, string>();
            foreach (var id in agentIds)
            {
                agents[id] = await routing.LoginAsync(id, DistributedPlatform.DemoPassword, default);
                Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agents[id], "Available", null, default));
            }
            var calls = new List<Guid>();
            for (var i = 0; i < 12; i++)
                calls.Add((await routing.PostCallAsync(pbx, "lumiere-banking-fr", $"+3361000{i:0000}", default)).CallId);
            var answers = calls.ToDictionary(c => c, _ => 0);

            // Two agents answer their offers; two leave theirs ringing; eight calls wait.
            foreach (var id in agentIds[..2])
            {
                var me = await routing.GetAgentAsync(agents[id], default);
                Assert.Equal("Reserved", me.State);
                Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(agents[id], me.Call!.CallId, default));
                answers[me.Call.CallId]++;
            }
            var connectedBefore = new Dictionary<string, Guid>();
            foreach (var id in agentIds[..2])
                connectedBefore[id] = (await routing.GetAgentAsync(agents[id], default)).Call!.CallId;

            await platform.KillAsync("routing");
            await platform.RestartAsync("routing");

            // After the restart the connected calls are still with their agents.
            foreach (var (id, call) in connectedBefore)
            {
                var me = await routing.GetAgentAsync(agents[id], default);
                Assert.Equal(("OnCall", call), (me.State, me.Call!.CallId));
            }

            // Everyone works until every call is done.
            var completed = new HashSet<Guid>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (completed.Count < calls.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {completed.Count} of {calls.Count} calls completed");
                foreach (var id in agentIds)
                {
                    var me = await routing.GetAgentAsync(agents[id], default);
                    if (me is { State: "Reserved", Call: { } offered })
                    {
                        Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(agents[id], offered.CallId, default));
                        answers[offered.CallId]++;
                    }
                    else if (me is { State: "OnCall", Call: { } talking })
                    {
                        Assert.Equal(HttpStatusCode.OK, await routing.CompleteAsync(agents[id], talking.CallId, "resolved", default));
                        Assert.True(completed.Add(talking.CallId), $"{talking.CallId} completed twice");
                    }
                }
                await Task.Delay(50);
            }
            Assert.All(answers, a => Assert.Equal(1, a.Value));
            Assert.Equal(calls.ToHashSet(), completed);

            // SlaTracking saw every call exactly as it happened (events stored before the kill were published after it).
            using var sla = new HttpClient { BaseAddress = platform["slatracking"] };
            sla.DefaultRequestHeaders.Authorization = new("Bearer", await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default));
            var figures = await TestInfrastructure.EventuallyAsync(async () =>
            {
                var all = await sla.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
                return all!.FirstOrDefault(q => q.QueueId == "lumiere-banking-fr" && q.Answered == calls.Count);
            }, "SlaTracking's count of the answered calls", TimeSpan.FromSeconds(30));
            Assert.Equal(calls.Count, figures.Offered);
            Assert.Equal(0, figures.Abandoned);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
