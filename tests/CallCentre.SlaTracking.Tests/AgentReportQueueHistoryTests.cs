using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using Microsoft.Extensions.DependencyInjection;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>GET /api/sla/queue-history: the service-level report's figures per queue and period, with the abandoned calls'
/// wait and the tenant's occupancy, for the supervisor's tenants only.</summary>
public sealed class AgentReportQueueHistoryTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Day = "from=2026-10-06&to=2026-10-06";

    /// <summary>6 Oct 2026 (Paris, UTC+2): one call answered after 15 s and two abandoned after 30 s and 50 s in the lumiere
    /// queue; one mosane call abandoned after 99 s; agent01 (lumiere) Available 30 min then OnCall 30 min.</summary>
    private async Task SeedAsync()
    {
        var t = Utc(2026, 10, 6, 7, 0);
        CallRecordStore.CallFacts[] calls =
        [
            CallRecordConsumer.CallFactsOf(new CallLegEnded(Guid.Parse("00000000-0000-0000-0000-00000000b001"), Tenant, Queue, "agent01", t,
                t.AddSeconds(15), t.AddSeconds(75), CallLegEnd.Completed, 60, 0, 0, null)),
            new(Guid.Parse("00000000-0000-0000-0000-00000000b002"), Tenant, Queue, t.AddMinutes(5), AbandonedAt: t.AddMinutes(5).AddSeconds(30), IsArrival: true),
            new(Guid.Parse("00000000-0000-0000-0000-00000000b003"), Tenant, Queue, t.AddMinutes(40), AbandonedAt: t.AddMinutes(40).AddSeconds(50), IsArrival: true),
            new(Guid.Parse("00000000-0000-0000-0000-00000000b004"), SlaPlatform.Other, "mosane-claims-nl", t, AbandonedAt: t.AddSeconds(99), IsArrival: true),
        ];
        foreach (var call in calls)
            await platform.Calls.UpsertAsync(call, default);
        var states = platform.Services.GetRequiredService<AgentStateStore>();
        await states.RecordAsync("agent01", [Tenant], "Available", t, default);
        await states.RecordAsync("agent01", [Tenant], "OnCall", t.AddMinutes(30), default);
        await states.RecordAsync("agent01", [Tenant], "LoggedOut", t.AddMinutes(60), default);
    }

    [Fact]
    public async Task Supervisor_ReadsTheQueuesOfItsTenants_WithAbandonedWaitsAndOccupancy()
    {
        await SeedAsync();
        using var http = await platform.As("supervisor-lumiere");

        var history = await http.GetFromJsonAsync<QueueHistory>($"/api/sla/queue-history?{Day}", Json);

        Assert.All(history!.Rows, r => Assert.Equal(Tenant, r.TenantId));
        var queue = Assert.Single(history.Rows, r => r.QueueId == Queue);
        Assert.Equal(("2026-10-06T00:00", 3L, 1L, 2L), (queue.Period, queue.Offered, queue.Answered, queue.Abandoned));
        Assert.Equal((80.0, 40.0), (queue.AbandonedWaitSeconds, queue.AverageAbandonedWaitSeconds));
        Assert.Equal(15.0, queue.AverageSpeedOfAnswerSeconds);
        Assert.Equal(60.0, queue.AverageHandleSeconds);
        Assert.Equal(0.5, queue.Occupancy);
        var total = Assert.Single(history.Rows, r => r.QueueId == "*");
        Assert.Equal((2L, 80.0), (total.Abandoned, total.AbandonedWaitSeconds));
    }

    [Fact]
    public async Task IntervalRows_PutEachAbandonInItsArrivalsInterval()
    {
        await SeedAsync();
        using var http = await platform.As("admin");

        var history = await http.GetFromJsonAsync<QueueHistory>($"/api/sla/queue-history?tenantId={Tenant}&{Day}&granularity=interval&interval=30", Json);

        var nine = Assert.Single(history!.Rows, r => r.QueueId == Queue && r.Period == "2026-10-06T09:00");
        var half = Assert.Single(history.Rows, r => r.QueueId == Queue && r.Period == "2026-10-06T09:30");
        Assert.Equal((1L, 30.0, 1.0), (nine.Abandoned, nine.AbandonedWaitSeconds, nine.ServiceLevel!.Value * 2)); // 1 of 2 within 20 s
        Assert.Equal((1L, 50.0), (half.Abandoned, half.AbandonedWaitSeconds));
        Assert.Equal((0.0, 1.0), (nine.Occupancy, half.Occupancy));
        Assert.Equal(48, history.Rows.Count(r => r.QueueId == Queue));
    }

    [Theory]
    [InlineData("client-lumiere-bank", "tenantId=lumiere-bank&" + Day, HttpStatusCode.Forbidden)]
    [InlineData("supervisor-lumiere", "tenantId=mosane-insurance&" + Day, HttpStatusCode.NotFound)]
    [InlineData("supervisor-lumiere", "from=2026-10-06&to=2026-10-01", HttpStatusCode.BadRequest)]
    public async Task Refusals(string who, string query, HttpStatusCode expected)
    {
        using var http = await platform.As(who);
        using var response = await http.GetAsync($"/api/sla/queue-history?{query}");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
    }
}
