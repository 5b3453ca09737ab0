using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.SlaTracking.Api;

namespace CallCentre.SlaTracking.Tests.Delivery;

/// <summary>A client system's OAuth2 client credentials: registered by an admin, exchanged at /oauth/token, and the token reaches the
/// tenant's report reads only.</summary>
public sealed class ReportClientTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private const string Days = "from=2026-11-02&to=2026-11-03";

    private async Task<ReportClientApi.RegisteredClient> RegisterAsync(string name)
    {
        using var admin = await platform.As("admin");
        using var response = await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/report-clients", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReportClientApi.RegisteredClient>())!;
    }

    private async Task<HttpResponseMessage> TokenAsync(string clientId, string secret, bool basic = true, string grant = "client_credentials")
    {
        using var http = platform.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = grant };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token");
        if (basic)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        else
            (form["client_id"], form["client_secret"]) = (clientId, secret);
        request.Content = new FormUrlEncodedContent(form);
        return await http.SendAsync(request);
    }

    private async Task<HttpClient> BearerAsync(ReportClientApi.RegisteredClient client)
    {
        using var response = await TokenAsync(client.ClientId, client.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("Bearer", "reports"), (json.RootElement.GetProperty("token_type").GetString(), json.RootElement.GetProperty("scope").GetString()));
        Assert.True(json.RootElement.GetProperty("expires_in").GetInt32() > 0);
        var http = platform.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
        return http;
    }

    [Fact]
    public async Task TokenFromTheRightSecret_ReadsItsTenantsReport_NotAnotherTenants()
    {
        var client = await RegisterAsync("Lumière data warehouse");
        using var http = await BearerAsync(client);

        using var report = await http.GetAsync($"/api/sla/reports?{Days}");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("lumiere-bank", JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("tenantId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/sla/reports/contacts?{Days}&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/sla/reports?tenantId=mosane-insurance&{Days}")).StatusCode);
    }

    [Fact]
    public async Task ClientToken_OnAnyOtherEndpoint_Is403()
    {
        using var http = await BearerAsync(await RegisterAsync("Lumière BI"));

        foreach (var path in new[] { "/api/sla/today", "/api/tenants", "/api/sla/tenants/lumiere-bank/deliveries",
                     "/api/sla/tenants/lumiere-bank/delivery-schedules" })
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, (await http.GetAsync(path)).StatusCode));
    }

    [Fact]
    public async Task WrongSecret_Is401InvalidClient_AndSecretsInTheFormWorkToo()
    {
        var client = await RegisterAsync("Lumière reporting");

        using var wrong = await TokenAsync(client.ClientId, client.ClientSecret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal("Basic", wrong.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("rc-unknown", client.ClientSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client.ClientId, client.ClientSecret, basic: false)).StatusCode);

        using var password = await TokenAsync(client.ClientId, client.ClientSecret, grant: "password");
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        Assert.Equal("unsupported_grant_type", JsonDocument.Parse(await password.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        using var json = await platform.CreateClient().PostAsJsonAsync("/oauth/token", new { grant_type = "client_credentials" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Fact]
    public async Task RevokedClient_GetsNoToken_AndItsTokenIsRefused()
    {
        var client = await RegisterAsync("Lumière old ETL");
        using var http = await BearerAsync(client);
        using var admin = await platform.As("admin");

        var listed = await admin.GetStringAsync("/api/admin/tenants/lumiere-bank/report-clients");
        Assert.Contains(client.ClientId, listed);
        Assert.DoesNotContain(client.ClientSecret, listed);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tenants/lumiere-bank/report-clients/{client.ClientId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client.ClientId, client.ClientSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/sla/reports?{Days}")).StatusCode);
        using var supervisor = await platform.As("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await supervisor.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/report-clients", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheClientCredentialsFlow_OnTheReportReadsOnly()
    {
        using var admin = await platform.As("admin");
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json"));

        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty(ReportClientOpenApi.Scheme);
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flow = scheme.GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal("/oauth/token", flow.GetProperty("tokenUrl").GetString());
        Assert.True(flow.GetProperty("scopes").TryGetProperty("reports", out _));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/sla/reports", "/api/sla/reports/contacts" })
            Assert.Equal("reports", paths.GetProperty(path).GetProperty("get").GetProperty("security")[0].GetProperty(ReportClientOpenApi.Scheme)[0].GetString());
        Assert.False(paths.GetProperty("/api/sla/today").GetProperty("get").TryGetProperty("security", out _));
    }
}
