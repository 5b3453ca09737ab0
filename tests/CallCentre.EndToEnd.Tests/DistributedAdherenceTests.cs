using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Scheduling.Adherence;
using CallCentre.Simulator.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Adherence across processes: Routing and Scheduling as separate Hosts on the real RabbitMQ and PostgreSQL. An
/// agent's state set through Routing's API reaches Scheduling's adherence; the distributed Scheduling process publishes no demo
/// schedule of its own.</summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedAdherenceTests
{
    [Fact]
    public async Task AgentStatesThroughRabbitMq_ShowInSchedulingsAdherence()
    {
        await using var platform = new DistributedPlatform("routing", "scheduling");
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var supervisorToken = await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
            var agent = await routing.LoginAsync("agent07", DistributedPlatform.DemoPassword, default);
            using var scheduling = new HttpClient { BaseAddress = platform["scheduling"] };
            scheduling.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supervisorToken);

            var calendar = CentreCalendar.For("Africa/Casablanca");
            var start = DateTimeOffset.UtcNow.AddMinutes(-1);
            var date = calendar.DateOf(start).ToString("yyyy-MM-dd");
            using var published = await scheduling.PutAsJsonAsync("/api/schedules/published", new
            {
                days = new[]
                {
                    new
                    {
                        agentId = "agent07", date,
                        activities = new[] { new { kind = "work", start = start.ToString("O"), end = start.AddHours(1).ToString("O") } },
                    },
                },
            });
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            var today = await scheduling.GetFromJsonAsync<JsonElement>($"/api/schedules/published?from={date}");
            Assert.Equal(1, today.GetProperty("days").GetArrayLength());

            async Task<JsonElement> StatusWhen(string state, bool inAdherence) => (JsonElement)await TestInfrastructure.EventuallyAsync(async () =>
            {
                var view = await scheduling.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/agent07?date={date}");
                var status = view.GetProperty("status");
                return status.GetProperty("state").GetString() == state && status.GetProperty("inAdherence").GetBoolean() == inAdherence
                    ? (object)status : null;
            }, $"agent07 {state} in Scheduling", TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "Available", null, default));
            await StatusWhen("Available", inAdherence: true);
            Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "NotReady", "lunch", default));
            var status = await StatusWhen("NotReady", inAdherence: false);
            Assert.Equal("lunch", status.GetProperty("reason").GetString());
            Assert.Equal("work", status.GetProperty("expected").GetString());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(platform.Tail(), e);
        }
    }
}
