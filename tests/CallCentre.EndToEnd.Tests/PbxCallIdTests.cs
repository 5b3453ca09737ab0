using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A PBX that names its calls (<c>callId</c>) may repeat a post whose answer it lost: the repeat answers the call already
/// placed, before and after a Routing restart; the same id for another queue is a 409, an id off the centre's pattern a 400, and
/// another tenant's PBX using the same id places a call of its own.</summary>
public sealed class PbxCallIdTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "callcentre-pbx-ids-" + Guid.NewGuid().ToString("N")[..8]);

    private static Task<HttpResponseMessage> PostAsync(HttpClient pbx, string queueId, string callId) =>
        pbx.PostAsJsonAsync("/api/telephony/calls", new { callId, queueId, callerNumber = "+33612345678" });

    private static int Queued(EmbeddedPlatform platform, Guid callId) => platform.Published.OfType<CallQueued>().Count(q => q.CallId == callId);

    [Fact]
    public async Task RepeatedPost_AnswersTheFirstCall_WithTheSameStatusAndBody_AndQueuesItOnce_AlsoAfterARestart()
    {
        const string pbxId = "pbx-0007-a";
        string first;
        Guid callId;
        using (var platform = new EmbeddedPlatform(dataFolder: _data))
        {
            using var pbx = await platform.HttpAs("pbx");
            using var one = await PostAsync(pbx, "lumiere-banking-fr", pbxId);
            Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
            first = await one.Content.ReadAsStringAsync();
            var call = JsonDocument.Parse(first).RootElement;
            callId = call.GetProperty("callId").GetGuid();
            Assert.Equal(pbxId, call.GetProperty("pbxCallId").GetString());

            using var other = await PostAsync(pbx, "lumiere-banking-fr", "pbx-0008-a"); // a call in line behind it changes nothing
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
            using var again = await PostAsync(pbx, "lumiere-banking-fr", pbxId);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(first, await again.Content.ReadAsStringAsync());
            Assert.Equal(one.Headers.Location, again.Headers.Location);

            Assert.Equal(1, Queued(platform, callId));
            Assert.Equal(2, await platform.Services.GetRequiredService<RoutingStore>().CountLiveCallsAsync());
        }

        using (var restarted = new EmbeddedPlatform(dataFolder: _data))
        {
            using var pbx = await restarted.HttpAs("pbx");
            using var again = await PostAsync(pbx, "lumiere-banking-fr", pbxId);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(first, await again.Content.ReadAsStringAsync());
            Assert.Equal(0, Queued(restarted, callId));
            Assert.Equal(2, await restarted.Services.GetRequiredService<RoutingStore>().CountLiveCallsAsync());
        }
    }

    [Fact]
    public async Task SameIdForAnotherQueue_Is409NamingCallId_AndQueuesNothing()
    {
        using var platform = new EmbeddedPlatform(dataFolder: _data);
        using var pbx = await platform.HttpAs("pbx");
        using var one = await PostAsync(pbx, "lumiere-banking-fr", "pbx-0009");
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);

        using var elsewhere = await PostAsync(pbx, "lumiere-cards-fr", "pbx-0009");

        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType?.MediaType);
        var problem = await elsewhere.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("callId", out _), problem.ToString());
        Assert.Single(platform.Published.OfType<CallQueued>());
        Assert.Equal(1, await platform.Services.GetRequiredService<RoutingStore>().CountLiveCallsAsync());
    }

    [Fact]
    public async Task SameIdFromAnotherTenant_IsACallOfItsOwn()
    {
        using var platform = new EmbeddedPlatform(dataFolder: _data);
        using var pbx = await platform.HttpAs("pbx");
        using var lumiere = await PostAsync(pbx, "lumiere-banking-fr", "pbx-0010");
        using var helvet = await PostAsync(pbx, "helvet-support-de", "pbx-0010");

        Assert.Equal(HttpStatusCode.Accepted, lumiere.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, helvet.StatusCode);
        var (a, b) = (await lumiere.Content.ReadFromJsonAsync<JsonElement>(), await helvet.Content.ReadFromJsonAsync<JsonElement>());
        Assert.NotEqual(a.GetProperty("callId").GetGuid(), b.GetProperty("callId").GetGuid());
        Assert.Equal(("lumiere-bank", "helvet-telecom"), (a.GetProperty("tenantId").GetString(), b.GetProperty("tenantId").GetString()));
        Assert.Equal(2, platform.Published.OfType<CallQueued>().Count());
    }

    [Theory]
    [InlineData("PBX-1")]
    [InlineData("pbx 1")]
    [InlineData("")]
    [InlineData("-pbx")]
    [InlineData("pbx/1")]
    public async Task CallIdOffTheCentresPattern_Is400NamingCallId(string callId)
    {
        using var platform = new EmbeddedPlatform(dataFolder: _data);
        using var pbx = await platform.HttpAs("pbx");
        using var response = await PostAsync(pbx, "lumiere-banking-fr", callId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("callId", out _), problem.ToString());
        Assert.Empty(platform.Published.OfType<CallQueued>());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
