using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Dashboard.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>What a newcomer gets from <c>dotnet run --project services/Host</c>: a ready centre with simulated traffic that a
/// supervisor watches live.</summary>
public sealed class DemoCentreTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new(demoTraffic: true);

    [Fact]
    public async Task DemoCentre_IsReady_AndTheSupervisorSeesSimulatedCallsFlow()
    {
        using var http = _platform.Http();
        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var checks = health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("masstransit-bus", checks);
        Assert.Contains("database-slatracking", checks);

        var tiles = new ConcurrentDictionary<string, QueueMetrics>();
        await using var hub = await _platform.WallboardAs("supervisor", batch => { foreach (var t in batch) tiles[t.QueueId] = t; });
        var answered = await TestInfrastructure.EventuallyAsync(
            () => Task.FromResult(tiles.Values.Sum(t => t.Answered) >= 5 ? tiles.Values.ToList() : null),
            "five simulated calls answered on the wallboard", TimeSpan.FromSeconds(45));
        Assert.Equal(8, answered.Count);
        Assert.True(answered.Sum(t => t.Offered) >= answered.Sum(t => t.Answered + t.Abandoned));
        Assert.Contains(answered, t => t.AgentsAvailable + t.AgentsOnCall + t.AgentsReserved + t.AgentsAfterCallWork > 0);
    }

    [Fact]
    public async Task DemoLogins_GiveTokens_AndTheDashboardPageIsServed()
    {
        var platform = _platform.Platform();
        foreach (var user in new[] { "admin", "supervisor", "pbx", "agent01", "agent40", "client-lumiere-bank", "client-mosane-insurance", "client-helvet-telecom" })
            Assert.False(string.IsNullOrEmpty(await platform.LoginAsync(user, "demo", default)), user);

        using var http = _platform.Http();
        var page = await http.GetStringAsync("/");
        Assert.Contains("/hubs/wallboard", await http.GetStringAsync("/wallboard.js"));
        Assert.Contains("signalr.min.js", page);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/lib/signalr.min.js")).StatusCode);
        using var admin = await _platform.HttpAs("admin");
        var openApi = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/telephony/calls", out _));
    }

    public void Dispose() => _platform.Dispose();
}
