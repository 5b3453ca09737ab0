using System.Net;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>A page outlives its short access token: login.js renews it silently, and the hub, closed by the server when
/// the first token expires, reconnects with the fresh one.</summary>
public sealed class SessionRenewalTests : IAsyncLifetime
{
    // 6 s access tokens: renewed at about 4.8 s, the first hub connection closed at 6 s.
    private readonly EmbeddedPlatform _platform = new(settings: new Dictionary<string, string?> { ["Auth:TokenLifetimeMinutes"] = "0.1" });
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task Wallboard_StaysSignedInAndConnected_PastItsFirstTokensExpiry()
    {
        var page = await _chromium.NewPageAsync(_platform.Address);
        await WallboardPage.LogInAsync(page, "supervisor");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté");
        var first = await page.EvaluateAsync<string>("() => sessionStorage.getItem('token')");
        var sockets = 0;
        page.WebSocket += (_, socket) => { if (socket.Url.Contains("/hubs/wallboard", StringComparison.Ordinal)) Interlocked.Increment(ref sockets); };

        await Task.Delay(TimeSpan.FromSeconds(14)); // past two lifetimes
        var current = await page.EvaluateAsync<string>("() => sessionStorage.getItem('token')");
        Assert.NotEqual(first, current);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connecté", new() { Timeout = 10_000 });
        Assert.True(Volatile.Read(ref sockets) >= 1, "the hub reconnected after the server closed the expired connection");
        // The renewed token is a valid access token.
        using var http = _platform.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants");
        request.Headers.Authorization = new("Bearer", current);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wallboard", await page.EvaluateAsync<string>("() => document.getElementById('wallboard').hidden ? 'login' : 'wallboard'"));
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _platform.Dispose();
    }
}
