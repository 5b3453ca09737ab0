using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCentre.Testing;

/// <summary>A client's system: Kestrel on a loopback port recording every POST to <see cref="Url"/>; it answers <see cref="Status"/>
/// after <see cref="Delay"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
    }

    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;

    public int Status { get; set; } = StatusCodes.Status204NoContent;

    public TimeSpan Delay { get; set; }

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> Requests => _received.ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/calls", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hooks/calls";
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        _received.Enqueue(new Received(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray()));
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, context.RequestAborted);
        return Results.StatusCode(Status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
