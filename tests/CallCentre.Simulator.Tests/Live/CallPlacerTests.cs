using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CallCentre.Simulator.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCentre.Simulator.Tests.Live;

/// <summary>The PBX's call posts against a real HTTP server that refuses, or drops the answer of, its first posts.</summary>
public sealed class CallPlacerTests
{
    private static readonly CallRetryPolicy Quick = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    [Fact]
    public void RetryDelay_DoublesUpToItsCeiling_WithSeededJitter_AndRetryAfterAsTheLeastWait()
    {
        var policy = new CallRetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var waits = Enumerable.Range(1, 6).Select(a => policy.Delay(a, null, new Random(5))).ToList();
        var ceilings = new[] { 100, 200, 400, 800, 1000, 1000 };
        for (var i = 0; i < waits.Count; i++)
            Assert.InRange(waits[i].TotalMilliseconds, ceilings[i] / 2.0, ceilings[i]);
        var again = Enumerable.Range(1, 6).Select(a => policy.Delay(a, null, new Random(5))).ToList();
        Assert.Equal(waits, again);
        Assert.NotEqual(waits[4], policy.Delay(5, null, new Random(6)));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.Delay(1, TimeSpan.FromSeconds(3), new Random(5)));
        Assert.Equal(waits[5], policy.Delay(6, TimeSpan.FromMilliseconds(1), new Random(5)));
    }

    [Fact]
    public async Task RefusedPosts_AreRetriedAfterTheirRetryAfter_AndTheCallIsPlacedOnce()
    {
        await using var server = await FakePlatform.StartAsync(refuseFirst: 2, keepsCallIds: false);
        var placer = new CallPlacer(server.Client, Quick, seed: 1, TimeProvider.System);
        var pbx = await server.Client.LoginAsync("pbx", "pw", default);
        var callId = Guid.NewGuid();

        var clock = Stopwatch.StartNew();
        var placement = await placer.PlaceAsync(pbx, "q1", "+33100000001", callId, default);

        Assert.Equal(PlacementOutcome.Placed, placement.Outcome);
        Assert.Equal(3, placement.Attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"the two Retry-After: 1 were honoured ({clock.Elapsed})");
        Assert.Equal([callId, callId, callId], server.Posts);
        Assert.Single(server.Calls);
    }

    [Fact]
    public async Task PostsNeverAccepted_GiveUp_AndAreCountedNotPlaced()
    {
        await using var server = await FakePlatform.StartAsync(refuseFirst: int.MaxValue, keepsCallIds: false, retryAfter: false);
        var placer = new CallPlacer(server.Client, Quick with { GiveUpAfter = TimeSpan.FromSeconds(5) }, seed: 1, TimeProvider.System);
        var pbx = await server.Client.LoginAsync("pbx", "pw", default);

        var clock = Stopwatch.StartNew();
        var placement = await placer.PlaceAsync(pbx, "q1", "+33100000001", Guid.NewGuid(), default);

        Assert.Equal(PlacementOutcome.NotPlaced, placement.Outcome);
        Assert.True(placement.Attempts >= 2, $"{placement.Attempts} attempts");
        Assert.Equal(placement.Attempts, server.Posts.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30)); // gave up, after its 5 s and one attempt at most
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task LostAnswer_FromAPlatformThatKeepsCallIds_IsPostedAgain_AndQueuedOnce()
    {
        await using var server = await FakePlatform.StartAsync(refuseFirst: 0, keepsCallIds: true);
        var placer = new CallPlacer(server.Client, Quick, seed: 1, TimeProvider.System);
        var pbx = await server.Client.LoginAsync("pbx", "pw", default);
        Assert.Equal(PlacementOutcome.Placed, (await placer.PlaceAsync(pbx, "q1", "+33100000001", Guid.NewGuid(), default)).Outcome);
        Assert.True(placer.PlatformKeepsCallIds);

        server.DropAnswers = 1; // the next call is queued, then the connection drops before the answer
        var callId = Guid.NewGuid();
        var placement = await placer.PlaceAsync(pbx, "q1", "+33100000002", callId, default);

        Assert.Equal(PlacementOutcome.Placed, placement.Outcome);
        Assert.Equal(callId, placement.Call!.CallId);
        Assert.Equal(2, server.Posts.Count(p => p == callId));
        Assert.Equal(2, server.Calls.Count); // the first call and this one, once
    }

    [Fact]
    public async Task LostAnswer_FromAPlatformThatIgnoresCallIds_IsNotPostedAgain_AndCountedUnconfirmed()
    {
        await using var server = await FakePlatform.StartAsync(refuseFirst: 0, keepsCallIds: false);
        var placer = new CallPlacer(server.Client, Quick, seed: 1, TimeProvider.System);
        var pbx = await server.Client.LoginAsync("pbx", "pw", default);
        Assert.Equal(PlacementOutcome.Placed, (await placer.PlaceAsync(pbx, "q1", "+33100000001", Guid.NewGuid(), default)).Outcome);
        Assert.False(placer.PlatformKeepsCallIds);

        server.DropAnswers = 1;
        var callId = Guid.NewGuid();
        var placement = await placer.PlaceAsync(pbx, "q1", "+33100000002", callId, default);

        Assert.Equal(PlacementOutcome.Unconfirmed, placement.Outcome);
        Assert.Single(server.Posts, p => p == callId);
        Assert.Equal(2, server.Calls.Count);
    }

    /// <summary>A real Kestrel server speaking the telephony API's shape: it refuses the first posts with 503 (and
    /// <c>Retry-After: 1</c>), can queue a call and then drop the connection before answering, and either keeps the PBX's
    /// call id (a repeat answers the call already queued) or names calls itself, as Routing does today.</summary>
    private sealed class FakePlatform : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _refusals;
        public ConcurrentQueue<Guid> Posts { get; } = new();
        public ConcurrentDictionary<Guid, string> Calls { get; } = new();
        public int DropAnswers;
        public PlatformClient Client { get; private set; } = null!;

        private FakePlatform(WebApplication app, int refuseFirst, bool keepsCallIds, bool retryAfter)
        {
            _app = app;
            _refusals = refuseFirst;
            app.MapPost("/api/auth/token", () => Results.Json(new { accessToken = "token", expiresIn = 3600 }));
            app.MapPost("/api/telephony/calls", async (HttpContext context) =>
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
                var callId = body.GetProperty("callId").GetGuid();
                Posts.Enqueue(callId);
                if (Interlocked.Decrement(ref _refusals) >= 0)
                {
                    if (retryAfter) context.Response.Headers.RetryAfter = "1";
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
                var id = keepsCallIds ? callId : Guid.NewGuid();
                Calls.TryAdd(id, body.GetProperty("queueId").GetString()!);
                if (Interlocked.Decrement(ref DropAnswers) >= 0)
                {
                    context.Abort();
                    return Results.Empty;
                }
                return Results.Json(new { callId = id, tenantId = "t1", queueId = Calls[id], state = "Waiting" }, statusCode: StatusCodes.Status202Accepted);
            });
        }

        public static async Task<FakePlatform> StartAsync(int refuseFirst, bool keepsCallIds, bool retryAfter = true)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var platform = new FakePlatform(app, refuseFirst, keepsCallIds, retryAfter);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            platform.Client = new PlatformClient(new HttpClient { BaseAddress = new Uri(address) });
            return platform;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
