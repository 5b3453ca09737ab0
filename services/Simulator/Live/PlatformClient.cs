using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CallCentre.Simulator.Live;

/// <summary>Tokens from <see cref="LoginAsync"/> are refreshed before they expire (or on a 401), else signed in again.</summary>
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
    public sealed record CallResponse(Guid CallId, string TenantId, string QueueId, string State, string? PbxCallId = null);

    /// <summary>None for Status: no answer at all.</summary>
    public sealed record CallAttempt(CallResponse? Call, HttpStatusCode? Status, TimeSpan? RetryAfter, bool MayHaveArrived, string? Error);
    public sealed record AgentCall(Guid CallId, string QueueId, string TenantId, DateTimeOffset QueuedAt);
    /// <summary>For a ringing offer, <see cref="Since"/> is when it was offered.</summary>
    public sealed record AgentResponse(string AgentId, string State, string? Reason, AgentCall? Call, DateTimeOffset Since = default,
        IReadOnlyList<AgentContact>? Contacts = null);
    public sealed record AgentContact(Guid ContactId, string Kind, string QueueId, string State, DateTimeOffset QueuedAt, string? CallbackStage = null);
    public sealed record ContactResponse(Guid ContactId, string Kind, string QueueId, string State);
    public sealed record CallbackDial(Guid CallId, string QueueId, string AgentId, int Attempt);

    public async Task<string> LoginAsync(string user, string password, CancellationToken ct)
    {
        var session = new Session(user, password);
        await SignInAsync(session, ct);
        _sessions[session.Tokens.AccessToken] = session;
        return session.Tokens.AccessToken;
    }

    /// <summary>Itself when the client did not sign it in.</summary>
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

    /// <summary>Never throws for a refusal or a failure, only when <paramref name="ct"/> is cancelled.</summary>
    public async Task<CallAttempt> TryPostCallAsync(string token, string queueId, string callerNumber, Guid callId, CancellationToken ct)
    {
        string access;
        try
        {
            access = await AccessTokenAsync(token, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new CallAttempt(null, null, null, MayHaveArrived: false, e.Message); // nothing was posted yet
        }
        try
        {
            using var request = Authorized(HttpMethod.Post, "/api/telephony/calls", access, new { callId, queueId, callerNumber });
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && _sessions.ContainsKey(token))
            {
                await AccessTokenAsync(token, ct, renew: true);
                return new CallAttempt(null, response.StatusCode, TimeSpan.Zero, MayHaveArrived: false, "token refused; signed in again");
            }
            if (response.IsSuccessStatusCode)
                return new CallAttempt((await response.Content.ReadFromJsonAsync<CallResponse>(ct))!, response.StatusCode, null, false, null);
            return new CallAttempt(null, response.StatusCode, RetryAfter(response),
                // A refusal before any work (503, 429) is safe to repeat; a proxy's or server's error may come after the call was queued.
                MayHaveArrived: response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout,
                $"{(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return new CallAttempt(null, null, null, MayHaveArrived: false, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            // Sent, but no answer came back: the platform may have queued the call.
            return new CallAttempt(null, null, null, MayHaveArrived: true, e.Message);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    public async Task<CallResponse> PostCallAsync(string token, string queueId, string callerNumber, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Post, "/api/telephony/calls", token, new { queueId, callerNumber }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ct))!;
    }

    public async Task<ContactResponse> PostContactAsync(string token, string kind, string queueId, string externalId, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Post, "/api/contacts", token, new { kind, queueId, externalId }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ContactResponse>(ct))!;
    }

    /// <summary>202 when the waiting caller is now a callback; 409 when the call is no longer waiting.</summary>
    public Task<HttpStatusCode> RequestCallbackAsync(string token, Guid callId, string callbackNumber, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/telephony/calls/{callId}/callback", token, new { callbackNumber }, ct);

    public async Task<IReadOnlyList<CallbackDial>> GetCallbackDialsAsync(string token, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Get, "/api/telephony/callbacks/dials", token, null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<CallbackDial>>(ct))!;
    }

    public Task<HttpStatusCode> RecordCallbackAttemptAsync(string token, Guid callId, int attempt, string outcome, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/telephony/callbacks/{callId}/attempts", token, new { attempt, outcome }, ct);

    public async Task<bool> HangUpAsync(string token, Guid callId, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Delete, $"/api/telephony/calls/{callId}", token, null, ct);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    public async Task<HttpStatusCode> HangUpStatusAsync(string token, Guid callId, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(HttpMethod.Delete, $"/api/telephony/calls/{callId}", token, null, ct);
        return response.StatusCode;
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
