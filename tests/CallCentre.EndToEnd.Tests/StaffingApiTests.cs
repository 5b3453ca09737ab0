using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The Erlang staffing endpoints over HTTP, as a supervisor planning a half hour would call them.</summary>
public sealed class StaffingApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task ErlangC_PublishedCase_Needs14Agents_And20Scheduled()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        using var response = await supervisor.PostAsJsonAsync("/api/staffing/erlang-c", new
        {
            callsPerInterval = 100, intervalSeconds = 1800, ahtSeconds = 180, targetAnswerSeconds = 20,
            targetServiceLevel = 0.8, maxOccupancy = 0.85, shrinkage = 0.3,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(14, result.GetProperty("agents").GetInt32());
        Assert.Equal(20, result.GetProperty("scheduledAgents").GetInt32());
        Assert.Equal(0.88835, result.GetProperty("serviceLevel").GetDouble(), 5);
        Assert.Equal(7.836, result.GetProperty("asaSeconds").GetDouble(), 3);
    }

    [Fact]
    public async Task ErlangA_AnswersAnAbandonRate()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        using var response = await supervisor.PostAsJsonAsync("/api/staffing/erlang-a", new
        {
            callsPerInterval = 100, intervalSeconds = 1800, ahtSeconds = 180, targetAnswerSeconds = 20,
            targetServiceLevel = 0.8, patienceSeconds = 120,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(result.GetProperty("agents").GetInt32(), 11, 14);
        Assert.InRange(result.GetProperty("abandonRate").GetDouble(), 0.0, 0.2);
    }

    [Fact]
    public async Task BadInput_Is400_NamingTheField_AndAgentsAreRefused()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        using var response = await supervisor.PostAsJsonAsync("/api/staffing/erlang-c", new
        {
            callsPerInterval = 100, intervalSeconds = 1800, ahtSeconds = -5, targetAnswerSeconds = 20, targetServiceLevel = 0.8,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ahtSeconds", await response.Content.ReadAsStringAsync());

        using var agent = await _platform.HttpAs("agent01");
        using var refused = await agent.PostAsJsonAsync("/api/staffing/erlang-c", new { callsPerInterval = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    public void Dispose() => _platform.Dispose();
}
