using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CallCentre.Simulator.Live;

/// <summary>The platform's public HTTP API as the PBX and the agents use it.</summary>
public sealed class PlatformClient(HttpClient http)
{
    public Uri? BaseAddress => http.BaseAddress;

    public sealed record TokenResponse(string AccessToken, int ExpiresIn);
    public sealed record CallResponse(Guid CallId, string TenantId, string QueueId, string State);
    public sealed record AgentCall(Guid CallId, string QueueId, string TenantId, DateTimeOffset QueuedAt);
    /// <summary>The agent's state; <see cref="Since"/> is when the platform put it there (for a ringing offer: when it was offered).</summary>
    public sealed record AgentResponse(string AgentId, string State, string? Reason, AgentCall? Call, DateTimeOffset Since = default);

    public async Task<string> LoginAsync(string user, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))!.AccessToken;
    }

    public async Task<CallResponse> PostCallAsync(string token, string queueId, string callerNumber, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Post, "/api/telephony/calls", token);
        request.Content = JsonContent.Create(new { queueId, callerNumber });
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ct))!;
    }

    /// <summary>The caller hangs up; false when the call was already answered or gone.</summary>
    public async Task<bool> HangUpAsync(string token, Guid callId, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Delete, $"/api/telephony/calls/{callId}", token);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    public async Task<AgentResponse> GetAgentAsync(string token, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, "/api/agents/me", token);
        using var response = await http.SendAsync(request, ct);
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
        using var request = Authorized(method, path, token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
