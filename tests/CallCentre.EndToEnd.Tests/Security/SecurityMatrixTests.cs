using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests.Security;

/// <summary>The platform-wide role × route × tenant matrix: every route of every module and both hubs, tried by every
/// <see cref="Principal"/> on a resource of its own tenant and of another, answers as <see cref="SecurityRules"/> says.</summary>
public sealed class SecurityMatrixTests : IClassFixture<SecurityMatrixTests.Platform>
{
    public sealed class Platform : IDisposable
    {
        // The opt-in Telephony module's routes are in the matrix too; a listening socket stands for Kamailio's control port.
        private readonly System.Net.Sockets.TcpListener _kamailio = new(System.Net.IPAddress.Loopback, 0);

        public EmbeddedPlatform Embedded { get; }

        public Platform()
        {
            _kamailio.Start();
            Embedded = new(settings: new Dictionary<string, string?>
            {
                ["Modules"] = "all,telephony",
                ["Telephony:Control"] = _kamailio.LocalEndpoint.ToString(),
                ["Telephony:SipSecret"] = "matrix-secret-0123456789",
            });
        }

        public void Dispose()
        {
            Embedded.Dispose();
            _kamailio.Stop();
        }
    }

    private readonly EmbeddedPlatform _platform;

    public SecurityMatrixTests(Platform fixture) => _platform = fixture.Embedded;

    [Fact]
    public void EveryRoute_HasExactlyOneRule_AndEveryRuleItsRoute()
    {
        _ = _platform.Address;
        var routes = Routes();
        var rules = SecurityRules.All;
        Assert.Equal(rules.Count, rules.Select(r => r.Route).Distinct().Count());

        var unruled = routes.Where(route => Find(route) is null).ToList();
        Assert.True(unruled.Count == 0, "Routes without a rule in SecurityRules: " + string.Join(", ", unruled));
        var stale = rules.Where(r => !routes.Any(route => Matches(r, route))).Select(r => r.Route).ToList();
        Assert.True(stale.Count == 0, "Rules whose route no longer exists: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryRoute_AnswersEveryPrincipal_AsItsRuleSays()
    {
        _ = _platform.Address;
        var failures = new List<string>();
        var cells = 0;
        foreach (var rule in SecurityRules.All.Where(r => !r.IsHub).OrderBy(r => r.Destructive))
        {
            var sides = Names(rule).Any() ? new[] { Side.A, Side.B } : [Side.A];
            foreach (var principal in Principal.All)
                foreach (var side in sides)
                {
                    cells++;
                    var (status, body, request) = await SendAsync(rule, principal, side);
                    if (Judge(rule, principal, side, status, body) is { } wrong)
                        failures.Add($"{request} as {principal} ({side}): {wrong}");
                }
        }
        Assert.True(cells >= 100, $"only {cells} cells");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryHub_AdmitsItsRoles_AndShowsOnlyTheGrantedTenants()
    {
        var failures = new List<string>();
        var tenants = _platform.Services.GetRequiredService<CentreDefinition>().Tenants.Select(t => t.Id).ToList();
        foreach (var rule in SecurityRules.All.Where(r => r.IsHub))
            foreach (var principal in Principal.All)
            {
                var token = TestTokens.For(_platform, principal);
                var first = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(_platform.Address, rule.Pattern), o => o.AccessTokenProvider = () => Task.FromResult(token))
                    .Build();
                hub.On<JsonElement>(rule.Pattern.EndsWith("agent") ? "Desk" : "QueueMetrics", m => first.TrySetResult(m));
                HttpStatusCode? refused = null;
                try { await hub.StartAsync(); }
                catch (HttpRequestException e) { refused = e.StatusCode; }

                var expected = Expected(rule, principal, Side.A);
                if (expected is { } code)
                {
                    if (refused != code)
                        failures.Add($"{rule.Pattern} as {principal}: expected {(int)code}, got {(refused is { } r ? (int)r : "a connection")}");
                    continue;
                }
                if (refused is { } no)
                {
                    failures.Add($"{rule.Pattern} as {principal}: refused {(int)no}");
                    continue;
                }
                var snapshot = await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
                if (principal.AgentId is { } agent)
                {
                    if (snapshot.GetProperty("agentId").GetString() != agent)
                        failures.Add($"{rule.Pattern} as {principal}: the desk of {snapshot.GetProperty("agentId")}");
                    continue;
                }
                var seen = snapshot.EnumerateArray().Select(t => t.GetProperty("tenantId").GetString()!).Distinct().ToList();
                var granted = tenants.Where(t => principal.Role == Hosting.Auth.Roles.Admin || principal.Tenants.Contains(t)).Order().ToList();
                if (!seen.Order().SequenceEqual(granted))
                    failures.Add($"{rule.Pattern} as {principal}: tiles of [{string.Join(", ", seen)}], granted [{string.Join(", ", granted)}]");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Why the answer breaks the rule, or null when it keeps it.</summary>
    private static string? Judge(SecurityRule rule, Principal principal, Side side, int status, string body)
    {
        if (status >= 500)
            return $"{status} (a server error)";
        if (Expected(rule, principal, side) is { } code)
            return status == (int)code ? null : $"expected {(int)code}, got {status}";
        if (status is 401 or 403)
            return $"allowed, got {status}";
        if (Refusal(rule.Wall) is { } wall && status == (int)wall)
            return $"allowed on its own tenant's resource, got the wall's {status}";
        if (status is >= 200 and < 300)
            foreach (var tenant in principal.Forbidden(AllTenants))
                if (body.Contains($"\"{tenant}\"", StringComparison.Ordinal))
                    return $"{status} with data of {tenant}, a tenant it is not granted";
        return null;
    }

    private static readonly string[] AllTenants = [Principal.TenantA, Principal.TenantB, "helvet-telecom"];

    /// <summary>The refusal the rule gives this principal on this side, or null when it lets the principal through.</summary>
    internal static HttpStatusCode? Expected(SecurityRule rule, Principal principal, Side side)
    {
        if (rule.Roles is null)
            return null;
        if (rule.Roles.Length == 0)
            return HttpStatusCode.NotFound;
        if (principal.Anonymous)
            return HttpStatusCode.Unauthorized;
        if (!rule.Roles.Contains(principal.Role))
            return HttpStatusCode.Forbidden;
        if (!principal.Reaches(side))
            return Refusal(rule.Wall);
        return null;
    }

    private static HttpStatusCode? Refusal(Wall wall) => wall switch
    {
        Wall.NotFound => HttpStatusCode.NotFound,
        Wall.InvalidField => HttpStatusCode.BadRequest,
        _ => null,
    };

    private async Task<(int Status, string Body, string Request)> SendAsync(SecurityRule rule, Principal principal, Side side)
    {
        var path = await FillAsync(rule.Pattern, side);
        if (rule.Query is { } query)
            path += "?" + await FillAsync(query, side);
        using var http = _platform.Http();
        using var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
        if (TestTokens.For(_platform, principal) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (rule.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent(await FillAsync(rule.Body ?? "{}", side), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), $"{rule.Method} {path}");
    }

    private static readonly string[] Placeholders = ["{tenantId}", "{queueId}", "{agentId}", "{callId:guid}", "{callId}"];

    private static IEnumerable<string> Names(SecurityRule rule) =>
        Placeholders.Where(p => rule.Pattern.Contains(p) || rule.Query?.Contains(p) == true || rule.Body?.Contains(p) == true);

    /// <summary>The text with each placeholder replaced by a resource of the side's tenant (a call: a new one, waiting in its queue).</summary>
    private async Task<string> FillAsync(string text, Side side)
    {
        text = text.Replace("{tenantId}", side.Tenant()).Replace("{queueId}", side.Queue()).Replace("{agentId}", side.Agent())
            .Replace("{documentName}", "v1").Replace("{documentName?}", "v1").Replace("{requestId:guid}", "00000000-0000-0000-0000-00000000a001")
            .Replace("{scheduleId:guid}", "00000000-0000-0000-0000-00000000d001").Replace("{webhookId:guid}", "00000000-0000-0000-0000-00000000e001")
            .Replace("{deliveryId:guid}", "00000000-0000-0000-0000-00000000e002")
            .Replace("{checkId:guid}", "00000000-0000-0000-0000-00000000c001").Replace("{clientId}", "rc-matrix");
        if (text.Contains("{callId"))
        {
            var call = await NewCallAsync(side);
            text = text.Replace("{callId:guid}", call).Replace("{callId}", call);
        }
        return text;
    }

    private async Task<string> NewCallAsync(Side side)
    {
        using var http = _platform.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telephony/calls")
        {
            Content = new StringContent($$"""{"queueId":"{{side.Queue()}}","callerNumber":"+33 6 00 00 00 01"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(_platform, Principal.All.Single(p => p.Name == "admin")));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("callId").GetString()!;
    }

    /// <summary>Every (method, route pattern) the platform serves.</summary>
    private List<(string Method, string Pattern)> Routes() =>
        _platform.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct().ToList();

    private static SecurityRule? Find((string Method, string Pattern) route) => SecurityRules.All.FirstOrDefault(r => Matches(r, route));

    private static bool Matches(SecurityRule rule, (string Method, string Pattern) route) => rule.IsHub
        ? route.Pattern == rule.Pattern || route.Pattern.StartsWith(rule.Pattern + "/", StringComparison.Ordinal)
        : rule.Method == route.Method && rule.Pattern == route.Pattern;
}
