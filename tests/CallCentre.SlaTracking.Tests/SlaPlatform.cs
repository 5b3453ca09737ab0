using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.SlaTracking.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The Host with only the SlaTracking module (in-memory bus, a SQLite file in a folder of its own, no simulator),
/// on the test server. Callers: the demo users, <c>anonymous</c>, and <c>supervisor-lumiere</c> (granted lumiere-bank only).</summary>
public class SlaPlatform : WebApplicationFactory<Program>
{
    public const string Own = "lumiere-bank", Other = "mosane-insurance";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callcentre-sla-http-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Data", _folder);
        builder.UseSetting("Modules", "slatracking");
        builder.UseSetting("Simulator:Enabled", "false");
    }

    public CallRecordStore Calls => Services.GetRequiredService<CallRecordStore>();

    public async Task<HttpClient> As(string who)
    {
        var http = CreateClient();
        if (who == "anonymous")
            return http;
        var token = _tokens.TryGetValue(who, out var known) ? known : _tokens[who] = await TokenAsync(who);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<string> TokenAsync(string who)
    {
        if (who == "supervisor-lumiere")
            return Services.GetRequiredService<TokenIssuer>().Issue(who,
                [new Claim(CallCentreClaims.Role, Roles.Supervisor), new Claim(CallCentreClaims.Tenant, Own)]);
        using var http = CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = who, password = "demo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuthApi.TokenResponse>())!.AccessToken;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
