using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A malformed call from the PBX gets a 400 ProblemDetails naming the problem, and nothing is stored or published.</summary>
public sealed class TelephonyValidationTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    public static TheoryData<string, string> BadCalls => new()
    {
        { """{ "queueId": "lumiere-banking-fr", "callerNumber": "+33612345678" """, "$" },
        { """{ "callerNumber": "+33612345678" }""", "queueId" },
        { """{ "queueId": "lumiere-banking-fr" }""", "callerNumber" },
        { """{ "queueId": "lumiere-banking-fr", "callerNumber": "call me maybe" }""", "callerNumber" },
        { """{ "queueId": "no-such-queue", "callerNumber": "+33612345678" }""", "queueId" },
        { """{ "queueId": "lumiere-banking-fr", "callerNumber": "+33612345678", "priority": 11 }""", "priority" },
        { """{ "queueId": "lumiere-banking-fr", "callerNumber": "+33612345678", "priority": "high" }""", "priority" },
        { """[1, 2, 3]""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task MalformedCall_Gets400Problem_NamingTheField_AndNothingIsStored(string body, string field)
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var response = await pbx.PostAsync("/api/telephony/calls", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, problem);
        Assert.DoesNotContain("612345678", problem);

        Assert.Equal(0, await _platform.Services.GetRequiredService<RoutingStore>().CountLiveCallsAsync());
        Assert.DoesNotContain(_platform.Published, m => m is CallQueued);
    }

    [Fact]
    public async Task WellFormedCall_IsAccepted_WithItsLocation()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "helvet-support-de", callerNumber = "+41 44 123 45 67" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var call = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("helvet-telecom", call.GetProperty("tenantId").GetString());
        Assert.Equal("Waiting", call.GetProperty("state").GetString());
        Assert.Equal(1, call.GetProperty("position").GetInt32());
        Assert.EndsWith(call.GetProperty("callId").GetString()!, response.Headers.Location!.ToString());
        Assert.Equal(1, await _platform.Services.GetRequiredService<RoutingStore>().CountLiveCallsAsync());
    }

    public void Dispose() => _platform.Dispose();
}
