using System.Net;
using System.Net.Sockets;

namespace CallCentre.EndToEnd.Tests;

/// <summary>/metrics and the API description: only on the management address, or only to an admin without one. Health stays public.</summary>
public sealed class OperationsEndpointsTests
{
    private static readonly string[] Operations = ["/metrics", "/openapi/v1.json", "/api-docs/"];

    [Fact]
    public async Task WithoutManagementAddress_OperationsEndpoints_AreForAnAdminOnly()
    {
        using var platform = new EmbeddedPlatform();
        using var anonymous = platform.Http();
        using var supervisor = await platform.HttpAs("supervisor");
        using var admin = await platform.HttpAs("admin");

        foreach (var path in Operations)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task WithManagementAddress_OperationsEndpoints_AreServedThereOnly_AndHealthStaysPublic()
    {
        var port = FreePort();
        using var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?> { ["Management:Urls"] = $"http://127.0.0.1:{port}" });
        using var admin = await platform.HttpAs("admin");
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.NotEqual(port, platform.Address.Port);

        foreach (var path in Operations)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(path)).StatusCode);
            // The Host header names the management port, the connection does not come in on it.
            using var forged = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = $"127.0.0.1:{port}" } };
            Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(forged)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(path)).StatusCode);
        }
        // The exporter answers a scrape from its last collection, which may predate the requests above.
        await TestInfrastructure.EventuallyAsync(async () =>
            (await management.GetStringAsync("/metrics")).Contains("http_server_request_duration", StringComparison.Ordinal) ? "seen" : null,
            "the HTTP server metrics on the management port");
        Assert.Equal(HttpStatusCode.OK, (await platform.Http().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task ApiDocsPage_LoadsNothingFromAnotherServer()
    {
        using var platform = new EmbeddedPlatform();
        using var admin = await platform.HttpAs("admin");

        using var page = await admin.GetAsync("/api-docs/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.DoesNotContain("https:", csp);
    }

    [Fact]
    public async Task WithManagementAddress_DemoTraffic_DrivesThePublicAddress()
    {
        var port = FreePort();
        using var platform = new EmbeddedPlatform(demoTraffic: true, settings: new Dictionary<string, string?> { ["Management:Urls"] = $"http://127.0.0.1:{port}" });
        var publicPort = platform.Address.Port;
        var line = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Logs.Lines.FirstOrDefault(l => l.Contains("Demo traffic:"))),
            "the demo traffic's start");
        Assert.Contains($":{publicPort}", line);
        Assert.DoesNotContain($":{port}", line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
