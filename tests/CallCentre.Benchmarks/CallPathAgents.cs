using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallCentre.Dashboard.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CallCentre.Benchmarks;

/// <summary>When an offer reached its agent's desk: the bench's clock, and what the desk said (the engine's offer instant,
/// and when the Dashboard built the desk, both on the shared machine's wall clock).</summary>
internal readonly record struct OfferSeen(long Ticks, DateTimeOffset ArrivedAt, DateTimeOffset OfferedAt, DateTimeOffset DeskBuiltAt, string AgentId);

/// <summary>The bench's agents, as the agent desk works (services/Dashboard/wwwroot/agent.js): each signs in at Routing
/// (<c>/api/auth/token</c>), becomes Available, connects to the Dashboard's <c>/hubs/agent</c> over WebSockets (JSON
/// protocol, no negotiation, the token as the page sends it) and follows its desk. A ringing offer is noted when its desk
/// arrives, answered at once, and completed after the talk time, so the agent is free for the next call.</summary>
internal sealed class CallPathAgents(Uri routing, Uri dashboard, string password, TimeSpan talk) : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 })
    {
        BaseAddress = routing, Timeout = TimeSpan.FromSeconds(30),
    };
    private readonly List<HubConnection> _hubs = [];
    private readonly ConcurrentDictionary<Guid, byte> _answered = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _work = [];
    private readonly Lock _workGate = new();

    /// <summary>Every call whose offer reached a desk, by call id (the first ringing desk of it).</summary>
    public ConcurrentDictionary<Guid, OfferSeen> Offers { get; } = new();
    public int AnswerErrors => _answerErrors;
    public int CompleteErrors => _completeErrors;
    public int Completed => _completed;
    private int _answerErrors, _completeErrors, _completed;

    public sealed record TokenResponse(string AccessToken);

    public async Task<string> SignInAsync(string user)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/token", new { username = user, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    /// <summary>Signs every agent in, makes it Available and connects its desk; a few at a time (each sign-in is a PBKDF2 check).</summary>
    public async Task ConnectAsync(int agents)
    {
        var clock = Stopwatch.StartNew();
        var ready = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, agents), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var agentId = CallPathCentre.AgentId(i);
            var token = await SignInAsync(agentId);
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(dashboard, "/hubs/agent"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            hub.On<AgentDesk>("Desk", desk => OnDesk(desk, token));
            await hub.StartAsync();
            lock (_hubs) _hubs.Add(hub);
            using var available = new HttpRequestMessage(HttpMethod.Put, "/api/agents/me/state") { Content = JsonContent.Create(new { state = "Available" }) };
            available.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(available);
            response.EnsureSuccessStatusCode();
            if (Interlocked.Increment(ref ready) % 100 == 0)
                Console.WriteLine($"  {ready} agents signed in, available and connected ({clock.Elapsed.TotalSeconds:F0} s)");
        });
        Console.WriteLine($"{agents} agents signed in, available and connected to the desk hub in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private void OnDesk(AgentDesk desk, string token)
    {
        var ticks = Stopwatch.GetTimestamp();
        var arrivedAt = DateTimeOffset.UtcNow;
        if (desk.Call is not { Status: "Ringing" } call || !_answered.TryAdd(call.CallId, 0))
            return;
        Offers.TryAdd(call.CallId, new OfferSeen(ticks, arrivedAt, call.OfferedAt, desk.ServerTime, desk.AgentId));
        var work = HandleAsync(call.CallId, token);
        lock (_workGate)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(work);
        }
    }

    private async Task HandleAsync(Guid callId, string token)
    {
        try
        {
            if (!await PostAsync($"/api/agents/me/calls/{callId}/answer", token, null))
            {
                Interlocked.Increment(ref _answerErrors);
                return;
            }
            await Task.Delay(talk, _stop.Token);
            if (await PostAsync($"/api/agents/me/calls/{callId}/complete", token, new { disposition = (string?)null }))
                Interlocked.Increment(ref _completed);
            else
                Interlocked.Increment(ref _completeErrors);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _answerErrors);
        }
    }

    private async Task<bool> PostAsync(string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, _stop.Token);
        return response.IsSuccessStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] work;
        lock (_workGate) work = [.. _work];
        try { await Task.WhenAll(work); } catch (OperationCanceledException) { }
        foreach (var hub in _hubs)
            await hub.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
