using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Reports;
using CallCentre.Simulator.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A real agent declines an offer, answers the second ring, completes the call and takes a break; the agent report
/// (Routing's events through the bus into SlaTracking's database) shows exactly that. Embedded on SQLite, distributed on
/// RabbitMQ and PostgreSQL.</summary>
public static class AgentReportScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Outcome(Guid CallId, AgentPerformanceRow Agent, AgentPerformanceReport Report);

    public static async Task<Outcome> RunAsync(PlatformClient routing, string password, Func<string, HttpClient> slaTrackingAs)
    {
        var pbx = await routing.LoginAsync("pbx", password, default);
        var agent = await routing.LoginAsync("agent01", password, default);
        Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "Available", null, default));
        var call = await routing.PostCallAsync(pbx, "lumiere-banking-fr", "+33600000917", default);

        await RingingAsync(routing, agent, call.CallId, "the first offer");
        Assert.Equal(HttpStatusCode.OK, await routing.RejectAsync(agent, call.CallId, default));
        await RingingAsync(routing, agent, call.CallId, "the second offer (nobody else is available)");
        Assert.Equal(HttpStatusCode.OK, await routing.AnswerAsync(agent, call.CallId, default));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await routing.CompleteAsync(agent, call.CallId, "resolved", default));
        // Leaving after-call work ends the leg, which Routing then reports.
        Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "NotReady", "training", default));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await routing.SetStateAsync(agent, "LoggedOut", null, default));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var query = $"/api/sla/agent-report?tenantId=lumiere-bank&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        using var supervisor = slaTrackingAs("supervisor");
        var report = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var r = await supervisor.GetFromJsonAsync<AgentPerformanceReport>(query, Json);
            return r!.Rows.Any(x => x.AgentId == "agent01" && x.Period == AgentPerformanceReport.Total && x.Answered == 1 &&
                                    x.NotReadyByReason.ContainsKey("training")) ? r : null;
        }, "agent01's answered leg and break in the agent report", TimeSpan.FromSeconds(30));
        var row = report.Rows.Single(x => x.AgentId == "agent01" && x.Period == AgentPerformanceReport.Total);
        Assert.Equal(("Karim Chraibi", 2L, 1L, 0L, 1L, 0L), (row.AgentName, row.Offered, row.Answered, row.Missed, row.Rejected, row.Transfers));
        Assert.True(row.TalkSeconds >= 1, $"talk {row.TalkSeconds}");
        // Each sum is given to the millisecond on its own, so the parts may add up to a millisecond or two more or less.
        Assert.InRange(row.HandleSeconds - (row.TalkSeconds + row.HoldSeconds + row.AfterCallWorkSeconds), -0.002, 0.002);
        Assert.True(row.NotReadyByReason["training"] >= 1, $"training {row.NotReadyByReason["training"]}");
        Assert.True(row.LoggedInSeconds >= row.StaffedSeconds + row.NotReadySeconds - 0.01);
        Assert.Equal(1L, report.Rows.Single(x => x.IsCentre && x.Period == AgentPerformanceReport.Total).Answered);

        using var client = slaTrackingAs("client-lumiere-bank");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(query)).StatusCode);
        return new Outcome(call.CallId, row, report);
    }

    private static Task<PlatformClient.AgentCall> RingingAsync(PlatformClient routing, string agent, Guid callId, string what) =>
        TestInfrastructure.EventuallyAsync(async () =>
            await routing.GetAgentAsync(agent, default) is { State: "Reserved", Call: { } c } && c.CallId == callId ? c : null, what);
}

public sealed class AgentReportEndToEndTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Embedded_TheReportEqualsWhatRoutingPublished()
    {
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { "supervisor", "client-lumiere-bank" })
            tokens[user] = await _platform.TokenAsync(user);

        var outcome = await AgentReportScenario.RunAsync(_platform.Platform(), "demo", user =>
        {
            var http = _platform.Http();
            http.DefaultRequestHeaders.Authorization = new("Bearer", tokens[user]);
            return http;
        });

        var leg = Assert.Single(_platform.Published.OfType<CallLegEnded>(), l => l.CallId == outcome.CallId);
        // The report gives sums to the millisecond.
        Assert.Equal(leg.TalkSeconds, outcome.Agent.TalkSeconds, 3);
        Assert.Equal(leg.HoldSeconds, outcome.Agent.HoldSeconds, 3);
        Assert.Equal(leg.WrapUpSeconds, outcome.Agent.AfterCallWorkSeconds, 3);
        var declined = Assert.Single(_platform.Published.OfType<CallOfferReturned>(), r => r.CallId == outcome.CallId);
        Assert.Equal(OfferReturn.Rejected, declined.Reason);
        Assert.Equal(2, _platform.Published.OfType<CallOffered>().Count(o => o.CallId == outcome.CallId));
    }

    public void Dispose() => _platform.Dispose();
}

[Collection(DistributedCollection.Name)]
public sealed class AgentReportDistributedTests
{
    [Fact]
    public async Task Distributed_OnRabbitMqAndPostgres_TheReportShowsTheAgentsWork()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking");
        await platform.StartAsync();
        var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { "supervisor", "client-lumiere-bank" })
            tokens[user] = await routing.LoginAsync(user, DistributedPlatform.DemoPassword, default);

        await AgentReportScenario.RunAsync(routing, DistributedPlatform.DemoPassword, user =>
        {
            var http = new HttpClient { BaseAddress = platform["slatracking"] };
            http.DefaultRequestHeaders.Authorization = new("Bearer", tokens[user]);
            return http;
        });
    }
}
