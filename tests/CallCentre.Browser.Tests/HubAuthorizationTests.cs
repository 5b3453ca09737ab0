using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using CallCentre.Dashboard.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace CallCentre.Browser.Tests;

/// <summary>The hubs with a real SignalR client: who may connect to which hub, and which agent hears of which offer.</summary>
public sealed class HubAuthorizationTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();
    private readonly List<HubConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/hubs/agent")]
    [InlineData("/hubs/wallboard")]
    public async Task ConnectionWithoutAToken_IsRefused(string path)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(_platform.Address, path)).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData("/hubs/agent", "supervisor")]
    [InlineData("/hubs/agent", "admin")]
    [InlineData("/hubs/agent", "client-lumiere-bank")]
    [InlineData("/hubs/agent", "pbx")]
    [InlineData("/hubs/wallboard", "client-lumiere-bank")]
    [InlineData("/hubs/wallboard", "agent01")]
    public async Task ConnectionWithAnotherRolesToken_IsForbidden(string path, string user)
    {
        var token = await _platform.TokenAsync(user);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_platform.Address, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task TwoAgentsConnected_EachReceivesOnlyItsOwnOffer()
    {
        var desks = new Dictionary<string, ConcurrentQueue<AgentDesk>> { ["agent01"] = new(), ["agent02"] = new() };
        foreach (var (agent, received) in desks)
        {
            await ConnectAgentAsync(agent, received);
            using var http = await _platform.HttpAs(agent);
            (await http.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        }

        using var pbx = await _platform.HttpAs("pbx");
        var first = await PostCallAsync(pbx);
        var firstAgent = await Eventually(() => desks.FirstOrDefault(d => d.Value.Any(x => x.Call?.CallId == first)).Key, "the first offer");
        var second = await PostCallAsync(pbx);
        var secondAgent = await Eventually(() => desks.FirstOrDefault(d => d.Value.Any(x => x.Call?.CallId == second)).Key, "the second offer");

        Assert.NotEqual(firstAgent, secondAgent);
        Assert.DoesNotContain(desks[firstAgent], d => d.Call?.CallId == second);
        Assert.DoesNotContain(desks[secondAgent], d => d.Call?.CallId == first);
        Assert.All(desks, d => Assert.All(d.Value, x => Assert.Equal(d.Key, x.AgentId)));

        // What each desk was pushed is what Routing holds.
        foreach (var (agent, call) in new[] { (firstAgent, first), (secondAgent, second) })
        {
            using var http = await _platform.HttpAs(agent);
            var me = await http.GetFromJsonAsync<AgentMe>("/api/agents/me");
            Assert.Equal(("Reserved", call), (me!.State, me.Call!.CallId));
            var ringing = desks[agent].Last(d => d.Call?.CallId == call).Call!;
            Assert.Equal(("Ringing", "lumiere-bank", "Banque Lumière", "lumiere-banking-fr", "fr", AgentBoard.MaskedCaller),
                (ringing.Status, ringing.TenantId, ringing.ClientName, ringing.QueueId, ringing.Language, ringing.Caller));
        }
    }

    [Fact]
    public async Task AgentConnectingWhileAnOfferRings_GetsTheOfferOnConnect()
    {
        using var agent = await _platform.HttpAs("agent03");
        (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        using var pbx = await _platform.HttpAs("pbx");
        var call = await PostCallAsync(pbx);
        await Eventually(async () => (await agent.GetFromJsonAsync<AgentMe>("/api/agents/me"))!.State == "Reserved" ? "rings" : null, "the offer");
        // The offer has been published; wait until this process's board has it, as a desktop opened now would.
        var board = (AgentBoard)_platform.Services.GetService(typeof(AgentBoard))!;
        await Eventually(() => board.Desk("agent03").Call?.Status == "Ringing" ? "on the board" : null, "the board");

        var received = new ConcurrentQueue<AgentDesk>();
        await ConnectAgentAsync("agent03", received);
        var onConnect = await Eventually(() => received.FirstOrDefault(), "the desk on connect");
        Assert.Equal(("Reserved", call, "Ringing"), (onConnect.State, onConnect.Call?.CallId, onConnect.Call?.Status));
        Assert.NotEqual(DateTimeOffset.MinValue, onConnect.Since);
    }

    [Fact]
    public async Task AgentAnsweringAndCompleting_IsPushedEachStepWithTheDisposition()
    {
        var received = new ConcurrentQueue<AgentDesk>();
        await ConnectAgentAsync("agent04", received);
        using var agent = await _platform.HttpAs("agent04");
        (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).EnsureSuccessStatusCode();
        using var pbx = await _platform.HttpAs("pbx");
        var call = await PostCallAsync(pbx);
        await Eventually(() => received.FirstOrDefault(d => d.Call is { Status: "Ringing" } c && c.CallId == call), "the offer");

        (await agent.PostAsync($"/api/agents/me/calls/{call}/answer", null)).EnsureSuccessStatusCode();
        var connected = await Eventually(() => received.FirstOrDefault(d => d is { State: "OnCall", Call.Status: "Connected" }), "the answer");
        Assert.NotNull(connected.Call!.AnsweredAt);

        (await agent.PostAsJsonAsync($"/api/agents/me/calls/{call}/complete", new { disposition = "callback-needed" })).EnsureSuccessStatusCode();
        var completed = await Eventually(() => received.FirstOrDefault(d => d is { State: "AfterCallWork", Call.Status: "Completed" }), "the completion");
        Assert.Equal(("callback-needed", call), (completed.Call!.Disposition, completed.Call.CallId));
        Assert.True(completed.Call.EndedAt >= completed.Call.AnsweredAt);
    }

    private async Task ConnectAgentAsync(string agent, ConcurrentQueue<AgentDesk> received)
    {
        var token = await _platform.TokenAsync(agent);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_platform.Address, "/hubs/agent"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        hub.On<AgentDesk>("Desk", received.Enqueue);
        _connections.Add(hub);
        await hub.StartAsync();
        await Eventually(() => received.FirstOrDefault(), $"{agent}'s desk on connect");
    }

    private static async Task<Guid> PostCallAsync(HttpClient pbx)
    {
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CallCentre.Simulator.Live.PlatformClient.CallResponse>())!.CallId;
    }

    private static Task<T> Eventually<T>(Func<T?> probe, string what) where T : class => Eventually(() => Task.FromResult(probe()), what);

    /// <summary>Waits for <paramref name="probe"/> to give a value, polling; fails with <paramref name="what"/> after 10 s.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private sealed record AgentMeCall(Guid CallId);
    private sealed record AgentMe(string AgentId, string State, string? Reason, AgentMeCall? Call);

    public async Task DisposeAsync()
    {
        foreach (var hub in _connections)
            await hub.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
