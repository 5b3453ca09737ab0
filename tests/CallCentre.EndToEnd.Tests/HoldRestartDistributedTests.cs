using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Simulator.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Routing on PostgreSQL killed outright while a call is on hold: after the restart the call is still held, and
/// SlaTracking's handle time counts the hold from before and after the kill.</summary>
[Collection(DistributedCollection.Name)]
public sealed class HoldRestartDistributedTests
{
    [Fact]
    public async Task RoutingKilledDuringAHold_KeepsTheCallHeld_AndTheHoldCounts()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking");
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var token = await routing.LoginAsync("agent01", DistributedPlatform.DemoPassword, default);
            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(token, "Available", null, default));
            var call = await routing.PostCallAsync(pbx, "lumiere-banking-fr", "+33610009999", default);
            Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(token, call.CallId, default));
            using var agent = new HttpClient { BaseAddress = platform["routing"] };
            agent.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var held = await agent.PostAsync($"/api/agents/me/calls/{call.CallId}/hold", null);
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            var heldBody = (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call");
            var answeredAt = heldBody.GetProperty("answeredAt").GetDateTimeOffset();
            var heldAt = heldBody.GetProperty("heldSince").GetDateTimeOffset();

            await platform.KillAsync("routing");
            await platform.RestartAsync("routing");

            var me = await agent.GetFromJsonAsync<JsonElement>("/api/agents/me");
            Assert.Equal("OnCall", me.GetProperty("state").GetString());
            Assert.True(me.GetProperty("call").GetProperty("onHold").GetBoolean());
            Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/agents/me/calls/{call.CallId}/hold", null)).StatusCode);
            var beforeResume = DateTimeOffset.UtcNow;
            using var resumed = await agent.PostAsync($"/api/agents/me/calls/{call.CallId}/resume", null);
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            var holdSeconds = (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call").GetProperty("holdSeconds").GetDouble();
            Assert.True(holdSeconds > 0);
            var beforeComplete = DateTimeOffset.UtcNow;
            Assert.Equal(HttpStatusCode.OK, await routing.CompleteAsync(token, call.CallId, "resolved", default));

            // One call: its handle time is the connected time (talk + hold, hold across the kill included) + the 5 s wrap-up.
            using var sla = new HttpClient { BaseAddress = platform["slatracking"] };
            sla.DefaultRequestHeaders.Authorization = new("Bearer", await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default));
            var figures = await TestInfrastructure.EventuallyAsync(async () =>
            {
                var all = await sla.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
                return all!.FirstOrDefault(q => q.QueueId == "lumiere-banking-fr" && q.AverageHandleSeconds > 0);
            }, "SlaTracking's handle time of the held call", TimeSpan.FromSeconds(30));
            // The hold ran from before the kill until the resume (held_since is stored to the millisecond).
            Assert.True(holdSeconds >= (beforeResume - heldAt).TotalSeconds - 0.002, $"hold {holdSeconds}");
            Assert.True(figures.AverageHandleSeconds >= (beforeComplete - answeredAt).TotalSeconds + 5 - 0.01,
                $"handle {figures.AverageHandleSeconds}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
