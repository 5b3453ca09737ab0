using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CallCentre.Simulator.Live;

/// <summary>The platform's public HTTP API as the PBX and the agents use it. A token from <see cref="LoginAsync"/> names a
/// sign-in that the client keeps valid: before the access token expires (or on a 401) it is refreshed, or the user signs
/// in again, and requests carry the fresh one.</summary>
public sealed class PlatformClient(HttpClient http, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    private sealed class Session(string user, string password)
    {
        public string User { get; } = user;
        public string Password { get; } = password;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public TokenResponse Tokens { get; set; } = null!;
        public DateTimeOffset RenewAt { get; set; }
    }

    public Uri? BaseAddress => http.BaseAddress;

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string? RefreshToken = null);
    public sealed record CallResponse(Guid CallId, string TenantId, string QueueId, string State);
    public sealed record AgentCall(Guid CallId, string QueueId, string TenantId, DateTimeOffset QueuedAt);
    /// <summary>The agent's state; <see cref="Since"/> is when the platform put it there (for a ringing offer: when it was offered).</summary>
    public sealed record AgentResponse(string AgentId, string State, string? Reason, AgentCall? Call, DateTimeOffset Since = default);

    public async Task<string> LoginAsync(string user, string password, CancellationToken ct)
    {
        var session = new Session(user, password);
        await SignInAsync(session, ct);
        _sessions[session.Tokens.AccessToken] = session;
        return session.Tokens.AccessToken;
    }

    /// <summary>The current access token of the sign-in <paramref name="token"/> names (itself when the client did not sign it in).</summary>
    public async Task<string> AccessTokenAsync(string token, CancellationToken ct, bool renew = false)
    {
        if (!_sessions.TryGetValue(token, out var session))
            return token;
        if (!renew && _time.GetUtcNow() < session.RenewAt)
            return session.Tokens.AccessToken;
        var stale = session.Tokens.AccessToken;
        await session.Gate.WaitAsync(ct);
        try
        {
            if (session.Tokens.AccessToken == stale)
                await RenewAsync(session, ct);
            return session.Tokens.AccessToken;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task RenewAsync(Session session, CancellationToken ct)
    {
        if (session.Tokens.RefreshToken is { } refresh)
        {
            using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh }, ct);
            if (response.IsSuccessStatusCode)
            {
                Keep(session, (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))!);
                return;
            }
        }
        await SignInAsync(session, ct);
    }

    private async Task SignInAsync(Session session, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = session.User, password = session.Password }, ct);
        response.EnsureSuccessStatusCode();
        Keep(session, (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))!);
    }

    // Renewed at four fifths of the lifetime, so that a request in flight never carries an expiring token.
    private void Keep(Session session, TokenResponse tokens)
    {
        session.Tokens = tokens;
        session.RenewAt = _time.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn * 0.8);
    }

    public async Task<CallResponse> PostCallAsync(string token, string queueId, string callerNumber, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Post, "/api/telephony/calls", token, new { queueId, callerNumber }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ct))!;
    }

    /// <summary>The caller hangs up; false when the call was already answered or gone.</summary>
    public async Task<bool> HangUpAsync(string token, Guid callId, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Delete, $"/api/telephony/calls/{callId}", token, null, ct);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    public async Task<AgentResponse> GetAgentAsync(string token, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Get, "/api/agents/me", token, null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentResponse>(ct))!;
    }

    public Task<HttpStatusCode> SetStateAsync(string token, string state, string? reason, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, "/api/agents/me/state", token, new { state, reason }, ct);

    public Task<HttpStatusCode> AnswerAsync(string token, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/answer", token, null, ct);

    public Task<HttpStatusCode> RejectAsync(string token, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/reject", token, null, ct);

    public Task<HttpStatusCode> CompleteAsync(string token, Guid callId, string? disposition, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/complete", token, new { disposition }, ct);

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string token, object? body, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(method, path, token, body, ct);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(HttpMethod method, string path, string token, object? body, CancellationToken ct)
    {
        HttpResponseMessage response;
        using (var request = Authorized(method, path, await AccessTokenAsync(token, ct), body))
            response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !_sessions.ContainsKey(token))
            return response;
        response.Dispose();
        using var retry = Authorized(method, path, await AccessTokenAsync(token, ct, renew: true), body);
        return await http.SendAsync(retry, ct);
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return request;
    }
}
