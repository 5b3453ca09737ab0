using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Authentication on every endpoint and the hub; the tenant from the token; another tenant's data is a 404.</summary>
public sealed class SecurityTests : IClassFixture<SecurityTests.Platform>
{
    public sealed class Platform : IDisposable
    {
        public EmbeddedPlatform Embedded { get; } = new();
        public void Dispose() => Embedded.Dispose();
    }

    private static readonly string[] Anonymous = ["/health/live", "/health/ready", "/api/auth/token", "/api/auth/refresh"];
    private readonly EmbeddedPlatform _platform;

    public SecurityTests(Platform fixture) => _platform = fixture.Embedded;

    [Fact]
    public async Task EveryApiEndpoint_RefusesAnUnauthenticatedRequest()
    {
        using var http = _platform.Http();
        var endpoints = _platform.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) || e.RoutePattern.RawText.StartsWith("/hubs/", StringComparison.Ordinal))
            .ToList();
        Assert.True(endpoints.Count >= 12, $"only {endpoints.Count} endpoints found");
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            Assert.True(!anonymous || Anonymous.Contains(pattern), $"{pattern} allows anonymous access");
            if (anonymous)
                continue;
            var path = string.Join('/', pattern.Split('/').Select(s => s.StartsWith('{') ? (s.Contains(":guid") ? Guid.NewGuid().ToString() : "lumiere-bank") : s));
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without a token");
            }
        }
    }

    [Fact]
    public async Task Hub_RefusesAConnectionWithoutAToken()
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(_platform.Address, "/hubs/wallboard")).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Hub_RefusesAnAgentOrAClient()
    {
        foreach (var user in new[] { "agent01", "client-lumiere-bank" })
        {
            var token = await _platform.Platform().LoginAsync(user, "demo", default);
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(_platform.Address, "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
            Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        }
    }

    [Fact]
    public async Task WrongPassword_GetsA401Problem_AndNoToken()
    {
        using var http = _platform.Http();
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TenantList_ShowsTheGrantedTenantsOnly()
    {
        using var admin = await _platform.HttpAs("admin");
        var tenants = await admin.GetFromJsonAsync<List<TenantDto>>("/api/tenants");
        Assert.Equal(["helvet-telecom", "lumiere-bank", "mosane-insurance"], tenants!.Select(t => t.Id).Order());
        Assert.Contains(tenants!, t => t is { Id: "lumiere-bank", TimeZone: "Europe/Paris", Language: "fr" });

        using var client = await _platform.HttpAs("client-mosane-insurance");
        var own = await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants");
        Assert.Equal(["mosane-insurance"], own!.Select(t => t.Id));
        Assert.Equal("Europe/Brussels", own![0].TimeZone);

        using var agent = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/tenants")).StatusCode);
    }

    [Fact]
    public async Task Client_ReadsItsOwnTenant_AndAnotherTenantIsNotFound()
    {
        using var client = await _platform.HttpAs("client-lumiere-bank");
        var own = await client.GetFromJsonAsync<List<QueueDto>>("/api/sla/tenants/lumiere-bank/today");
        Assert.NotEmpty(own!);
        Assert.All(own!, q => Assert.Equal("lumiere-bank", q.TenantId));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/sla/tenants/mosane-insurance/today")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/sla/tenants/no-such-tenant/today")).StatusCode);
        var granted = await client.GetFromJsonAsync<List<QueueDto>>("/api/sla/today");
        Assert.All(granted!, q => Assert.Equal("lumiere-bank", q.TenantId));
    }

    [Fact]
    public async Task Agent_CannotActOnAnotherAgentsCall()
    {
        var platform = _platform.Platform();
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var owner = await platform.LoginAsync("agent09", "demo", default); // banking 3, fr 4
        var other = await platform.LoginAsync("agent10", "demo", default);
        await platform.SetStateAsync(owner, "Available", null, default);
        var call = await platform.PostCallAsync(pbx, "lumiere-banking-fr", "+33600000001", default);
        await TestInfrastructure.EventuallyAsync(async () =>
            await platform.GetAgentAsync(owner, default) is { Call: { } c } && c.CallId == call.CallId ? c : null, "the offer");

        Assert.Equal(HttpStatusCode.NotFound, await platform.AnswerAsync(other, call.CallId, default));
        Assert.Equal(HttpStatusCode.OK, await platform.AnswerAsync(owner, call.CallId, default));
        Assert.Equal(HttpStatusCode.NotFound, await platform.CompleteAsync(other, call.CallId, null, default));
        Assert.Equal(HttpStatusCode.OK, await platform.CompleteAsync(owner, call.CallId, null, default));
    }

    [Fact]
    public void Bus_SendsNoUsageTelemetryToItsVendor()
    {
        var telemetry = _platform.Services.GetRequiredService<IOptions<MassTransit.UsageTelemetryOptions>>().Value;
        Assert.False(telemetry.Enabled);
    }

    public sealed record TenantDto(string Id, string Name, string TimeZone, string Language);
    public sealed record QueueDto(string TenantId, string QueueId);
}
