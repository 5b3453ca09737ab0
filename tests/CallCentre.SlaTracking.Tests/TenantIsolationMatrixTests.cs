using System.Net;
using System.Net.Http.Json;
using CallCentre.Contracts.Sla;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Every report and statistics endpoint × every role × own and other tenant.</summary>
public sealed class TenantIsolationMatrixTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private const string Own = SlaPlatform.Own, Other = SlaPlatform.Other;
    private const string Period = "from=2026-11-01&to=2026-11-30";

    private static readonly string[] TenantEndpoints =
    [
        "/api/sla/tenants/{t}/today",
        "/api/sla/reports?tenantId={t}&" + Period,
        "/api/sla/reports?tenantId={t}&" + Period + "&granularity=month&format=csv",
        "/api/sla/reports?tenantId={t}&" + Period + "&format=xlsx&lang=en",
        "/api/sla/reports?tenantId={t}&from=2026-11-10&to=2026-11-10&granularity=interval&interval=15&format=html",
    ];

    private static readonly string[] AdminEndpoints = ["/api/sla/contracts?tenantId={t}", "/api/sla/report-accesses?tenantId={t}"];

    // Role → (status on the own tenant, status on the other tenant). "Own" is lumiere-bank for every role but client-mosane.
    private static readonly (string Role, HttpStatusCode OnOwn, HttpStatusCode OnOther)[] ReaderExpectations =
    [
        ("anonymous", HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
        ("admin", HttpStatusCode.OK, HttpStatusCode.OK),
        ("supervisor-lumiere", HttpStatusCode.OK, HttpStatusCode.NotFound),
        ("agent01", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
        ("client-lumiere-bank", HttpStatusCode.OK, HttpStatusCode.NotFound),
        ("client-mosane-insurance", HttpStatusCode.NotFound, HttpStatusCode.OK),
    ];

    public static IEnumerable<object[]> Cases()
    {
        foreach (var endpoint in TenantEndpoints)
            foreach (var (role, onOwn, onOther) in ReaderExpectations)
            {
                yield return [endpoint, role, Own, (int)onOwn];
                yield return [endpoint, role, Other, (int)onOther];
            }
        foreach (var endpoint in AdminEndpoints)
            foreach (var (role, _, _) in ReaderExpectations)
                foreach (var tenant in new[] { Own, Other })
                    yield return [endpoint, role, tenant, (int)(role switch
                    {
                        "anonymous" => HttpStatusCode.Unauthorized,
                        "admin" => HttpStatusCode.OK,
                        _ => HttpStatusCode.Forbidden,
                    })];
        foreach (var (role, onOwn, onOther) in new[]
                 {
                     ("anonymous", 401, 401), ("admin", 200, 200), ("supervisor-lumiere", 200, 404), ("agent01", 403, 403),
                     ("client-lumiere-bank", 403, 403), ("client-mosane-insurance", 403, 403),
                 })
        {
            yield return ["/api/sla/occupancy?tenantId={t}&from=2026-11-10&to=2026-11-10&granularity=interval", role, Own, onOwn];
            yield return ["/api/sla/occupancy?tenantId={t}&from=2026-11-10&to=2026-11-10&granularity=interval", role, Other, onOther];
        }
        // No tenant in the URL: a token with one tenant reads that one; the admin must say which.
        foreach (var (role, status) in new[]
                 {
                     ("anonymous", 401), ("admin", 400), ("supervisor-lumiere", 200), ("agent01", 403), ("client-lumiere-bank", 200),
                     ("client-mosane-insurance", 200), ("supervisor", 400),
                 })
            yield return ["/api/sla/reports?" + Period, role, "-", status];
        foreach (var (role, status) in new[] { ("anonymous", 401), ("admin", 200), ("supervisor-lumiere", 200), ("agent01", 403), ("client-lumiere-bank", 200) })
            yield return ["/api/sla/today", role, "-", status];
        // A tenant that does not exist looks like another tenant's.
        foreach (var role in new[] { "admin", "client-lumiere-bank" })
            yield return ["/api/sla/reports?tenantId=no-such-tenant&" + Period, role, "-", 404];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_RoleAndTenant_AnswerTheExpectedStatus(string endpoint, string role, string tenant, int expected)
    {
        using var http = await platform.As(role);

        using var response = await http.GetAsync(endpoint.Replace("{t}", tenant));

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
    }

    [Theory]
    [InlineData("client-lumiere-bank", Own)]
    [InlineData("client-mosane-insurance", Other)]
    [InlineData("supervisor-lumiere", Own)]
    public async Task Today_ListsOnlyTheGrantedTenantsQueues(string role, string tenant)
    {
        using var http = await platform.As(role);

        var queues = await http.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/today");

        Assert.NotEmpty(queues!);
        Assert.All(queues!, q => Assert.Equal(tenant, q.TenantId));
    }

    [Fact]
    public async Task ClientReportWithoutTenant_IsItsOwnTenants()
    {
        using var http = await platform.As("client-mosane-insurance");

        var report = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/sla/reports?" + Period);

        Assert.Equal(Other, report.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEverySlaRoute()
    {
        using var http = await platform.As("admin");

        var document = await http.GetStringAsync("/openapi/v1.json");

        foreach (var route in new[] { "/api/sla/today", "/api/sla/tenants/{tenantId}/today", "/api/sla/reports", "/api/sla/contracts", "/api/sla/report-accesses", "/api/sla/occupancy" })
            Assert.Contains($"\"{route}\"", document);
    }
}
