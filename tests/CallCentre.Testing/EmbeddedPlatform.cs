using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallCentre.Dashboard.Live;
using CallCentre.Simulator.Live;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCentre.Testing;

/// <summary>The whole centre in this process, as <c>dotnet run --project services/Host</c> runs it (in-memory bus, SQLite
/// files in a folder of the test's own), on a real Kestrel port, with or without the demo traffic. Every message published on the
/// bus and every log line are kept for inspection.</summary>
public sealed class EmbeddedPlatform : WebApplicationFactory<Program>
{
    public string DataFolder { get; }
    public CapturedLogs Logs { get; } = new();
    public ConcurrentQueue<object> Published { get; } = new();

    private readonly bool _demoTraffic;
    private readonly bool _ownsData;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="demoTraffic">Run the simulator's demo traffic too, as <c>dotnet run --project services/Host</c> does.</param>
    /// <param name="dataFolder">An existing data folder (a restart on the same databases); the caller deletes it.</param>
    /// <param name="settings">Configuration keys set on top of the defaults (e.g. <c>Auth:TokenLifetimeMinutes</c>).</param>
    public EmbeddedPlatform(bool demoTraffic = false, string? dataFolder = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _demoTraffic = demoTraffic;
        _ownsData = dataFolder is null;
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "callcentre-test-" + Guid.NewGuid().ToString("N")[..8]);
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
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.AddProvider(Logs));
    }

    private int _observing;

    public Uri Address
    {
        get
        {
            StartServer();
            if (Interlocked.Exchange(ref _observing, 1) == 0)
                Services.GetRequiredService<IBus>().ConnectPublishObserver(new RecordingPublishObserver(Published));
            return ClientOptions.BaseAddress;
        }
    }

    public HttpClient Http() => new() { BaseAddress = Address };

    public PlatformClient Platform() => new(Http());

    public Task<string> TokenAsync(string user) => Platform().LoginAsync(user, "demo", default);

    public async Task<HttpClient> HttpAs(string user)
    {
        var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return http;
    }

    public async Task<HubConnection> WallboardAs(string user, Action<IReadOnlyList<QueueMetrics>> onMetrics)
    {
        var token = await Platform().LoginAsync(user, "demo", default);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Address, "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", onMetrics);
        await hub.StartAsync();
        return hub;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsData)
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }

    private sealed class RecordingPublishObserver(ConcurrentQueue<object> published) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;
        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            published.Enqueue(context.Message);
            return Task.CompletedTask;
        }
        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
