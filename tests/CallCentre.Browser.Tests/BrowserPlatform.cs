using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallCentre.Browser.Tests;

/// <summary>The whole centre in this process, as <c>dotnet run --project services/Host</c> runs it (in-memory bus, SQLite
/// files in a folder of the test's own), on a real Kestrel port that a browser can open; without the demo traffic (so that
/// the only calls are the tests' own) unless asked.</summary>
public sealed class BrowserPlatform : WebApplicationFactory<Program>
{
    public sealed record TokenResponse(string AccessToken);
    public sealed record CallResponse(Guid CallId, string TenantId, string QueueId, string State);

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "callcentre-browser-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly bool _demoTraffic;

    /// <param name="demoTraffic">Run the simulator's callers and agents too, as <c>dotnet run --project services/Host</c> does.</param>
    public BrowserPlatform(bool demoTraffic = false)
    {
        _demoTraffic = demoTraffic;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Data", DataFolder);
        builder.UseSetting("Simulator:Enabled", _demoTraffic ? "true" : "false");
        builder.UseSetting("Simulator:CallsPerMinute", "240");
        builder.UseSetting("Simulator:MeanTalkSeconds", "3");
        builder.UseSetting("Modules", "all");
    }

    /// <summary>The platform's address (starts it on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    public HttpClient Http() => new() { BaseAddress = Address };

    public async Task<string> TokenAsync(string user)
    {
        using var http = Http();
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = "demo" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    public async Task<HttpClient> HttpAs(string user)
    {
        var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return http;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
