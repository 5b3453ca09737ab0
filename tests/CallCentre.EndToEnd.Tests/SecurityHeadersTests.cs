using System.Net;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Every page and every API answer carries the security headers.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Theory]
    [InlineData("/")]
    [InlineData("/agent.html")]
    [InlineData("/portal.html")]
    [InlineData("/staffing.html")]
    [InlineData("/wallboard.js")]
    public async Task Page_CarriesTheSecurityHeaders(string path)
    {
        using var http = _platform.Http();
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ApiAnswers_CarryTheSecurityHeaders_ErrorsIncluded()
    {
        using var anonymous = _platform.Http();
        using var supervisor = await _platform.HttpAs("supervisor");

        using var unauthorized = await anonymous.GetAsync("/api/sla/today");
        using var ok = await supervisor.GetAsync("/api/admin/queues");
        using var malformed = await supervisor.PostAsync("/api/staffing/erlang-c", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        foreach (var response in new[] { unauthorized, ok, malformed })
            AssertSecurityHeaders(response);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    public void Dispose() => _platform.Dispose();
}
